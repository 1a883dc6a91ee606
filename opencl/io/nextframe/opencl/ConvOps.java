package io.nextframe.opencl;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;

/**
 * N-d convolution (1–3 spatial dims, groups, stride, padding, dilation) lowered to GEMM:
 * forward y = W·im2col(x), backward-data dx = col2im(Wᵀ·dy), backward-weight dW = dy·im2col(x)ᵀ summed over the
 * samples inside one GEMM's K loop. im2col writes the packed-B panels of {@link GemmOps} directly. Samples are
 * processed in chunks whose size depends only on the shapes, so the results never depend on the device.
 */
final class ConvOps extends ClOps {
    /** Upper bound on one chunk's column matrix. */
    private static final long MAX_COLUMN_FLOATS = 16L << 20;

    private final GemmOps gemm;
    private final ReduceOps reduce;

    ConvOps(ClContext ctx, GemmOps gemm, ReduceOps reduce) {
        super(ctx);
        this.gemm = gemm;
        this.reduce = reduce;
    }

    /** Shapes of one convolution in the kernels' 3-D form. */
    private record Geometry(int n, int cin, int cout, int groups, int[] in, int[] out, int[] k, int[] stride,
                            int[] pad, int[] dil) {
        static Geometry of(ConvSpec spec, Tensor x, Tensor w, Tensor y) {
            return new Geometry(x.dim(0), x.dim(1), w.dim(0), spec.groups(), spatial3(x), spatial3(y), spatial3(w),
                    pad3(spec.stride(), 1), pad3(spec.padding(), 0), pad3(spec.dilation(), 1));
        }

        int cinG() {
            return cin / groups;
        }

        int coutG() {
            return cout / groups;
        }

        int kvol() {
            return volume(k);
        }

        /** Rows of one group's column matrix: Cin/g · kernel volume. */
        int rows() {
            return cinG() * kvol();
        }

        int p() {
            return volume(out);
        }

        /** Output lines (od, oh): im2col's work-items each walk one. */
        int lines() {
            return out[0] * out[1];
        }

        int inVol() {
            return volume(in);
        }

        /** Samples per chunk so that a column matrix stays under the bound. */
        int chunk(long floatsPerSample) {
            return (int) Math.max(1, Math.min(n, MAX_COLUMN_FLOATS / Math.max(1, floatsPerSample)));
        }

        ClLaunch geometryArgs(ClLaunch l) {
            return l.i4(in).i4(out).i4(k).i4(stride).i4(pad).i4(dil);
        }
    }

    void forward(ConvSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        Geometry g = Geometry.of(spec, x, w, y);
        n(x);
        n(y);
        int rows = g.rows(), p = g.p(), pp = gemm.paddedCols(p), coutG = g.coutG();
        int chunk = g.chunk((long) rows * pp);
        // weights of all groups as packed A panels: group j is matrix j (Cout/g × rows)
        ClBufferPool.Buffer wp = gemm.packA(GemmOps.Source.matrix(mem(w), off(w), coutG * rows, rows, 1), coutG,
                rows, g.groups());
        ClBufferPool.Buffer cols = scratch((long) chunk * rows * pp);
        try {
            for (int s0 = 0; s0 < g.n(); s0 += chunk) {
                int s = Math.min(chunk, g.n() - s0);
                for (int grp = 0; grp < g.groups(); grp++) {
                    g.geometryArgs(launch("conv", "im2col_packed").i(gemm.nr()).i(0).i(rows).i(p).i(pp).i(s).mem(mem(x))
                                    .i(off(x) + (long) s0 * g.cin() * g.inVol() + (long) grp * g.cinG() * g.inVol())
                                    .i((long) g.cin() * g.inVol()))
                            .mem(cols.mem()).run(new long[] {g.lines(), rows, s}, new long[] {1, 16, 1});
                    gemm.multiply(coutG, p, rows, wp.mem(), grp * GemmOps.paddedRows(coutG) * rows, 0, cols.mem(), 0,
                            pp * rows, mem(y), off(y) + s0 * g.cout() * p + grp * coutG * p, p, g.cout() * p, s, 1f,
                            0f);
                }
            }
        } finally {
            release(cols);
            release(wp);
        }
        if (bias != null) {
            launch("conv", "bias_add").i(g.n()).i(g.cout()).i(p).mem(mem(y)).i(off(y)).mem(mem(bias)).i(off(bias))
                    .run(new long[] {p, g.cout(), g.n()}, new long[] {LOCAL_1D, 1, 1});
        }
    }

    void backwardData(ConvSpec spec, Tensor dy, Tensor w, Tensor dx) {
        Geometry g = Geometry.of(spec, dx, w, dy);
        n(dy);
        n(dx);
        int rows = g.rows(), p = g.p(), coutG = g.coutG(), kvol = g.kvol();
        int chunk = g.chunk((long) g.cin() * kvol * p);
        // Wᵀ per group: element (r, co) of group j at w[j·coutG·rows + co·rows + r]
        ClBufferPool.Buffer wt = gemm.packA(GemmOps.Source.matrix(mem(w), off(w), coutG * rows, 1, rows), rows,
                coutG, g.groups());
        ClBufferPool.Buffer cols = scratch((long) chunk * g.cin() * kvol * p);
        try {
            for (int s0 = 0; s0 < g.n(); s0 += chunk) {
                int s = Math.min(chunk, g.n() - s0);
                for (int grp = 0; grp < g.groups(); grp++) {
                    // dy of group grp, sample s: element (co, p) at dy[(s0+s)·Cout·P + (grp·coutG + co)·P + p]
                    GemmOps.Source src = GemmOps.Source.matrix(mem(dy),
                            off(dy) + s0 * g.cout() * p + grp * coutG * p, g.cout() * p, 1, p);
                    ClBufferPool.Buffer dyp = gemm.packB(src, coutG, p, s);
                    try {
                        gemm.multiply(rows, p, coutG, wt.mem(), grp * GemmOps.paddedRows(rows) * coutG, 0, dyp.mem(),
                                0, gemm.paddedCols(p) * coutG, cols.mem(), grp * rows * p, p, g.cin() * kvol * p,
                                s, 1f, 0f);
                    } finally {
                        release(dyp);
                    }
                }
                int lines = s * g.cin() * g.in()[0] * g.in()[1];
                g.geometryArgs(launch("conv", "col2im").i(lines).i(g.cin())).mem(cols.mem()).mem(mem(dx))
                        .i(off(dx) + (long) s0 * g.cin() * g.inVol()).run1(lines, 16);
            }
        } finally {
            release(cols);
            release(wt);
        }
    }

    void backwardWeight(ConvSpec spec, Tensor x, Tensor dy, Tensor dw, Tensor dbias) {
        Geometry g = Geometry.of(spec, x, dw, dy);
        n(x);
        n(dy);
        int rows = g.rows(), p = g.p(), coutG = g.coutG(), rowsP = gemm.paddedCols(rows);
        int chunk = g.chunk((long) rowsP * p);
        ClBufferPool.Buffer cols = scratch((long) chunk * rowsP * p);
        try {
            for (int s0 = 0; s0 < g.n(); s0 += chunk) {
                int s = Math.min(chunk, g.n() - s0);
                for (int grp = 0; grp < g.groups(); grp++) {
                    g.geometryArgs(launch("conv", "im2col_packed").i(gemm.nr()).i(1).i(rows).i(p).i(rowsP).i(s)
                                    .mem(mem(x)).i(off(x) + (long) s0 * g.cin() * g.inVol() + (long) grp * g.cinG() * g.inVol())
                                    .i((long) g.cin() * g.inVol()))
                            .mem(cols.mem()).run(new long[] {g.lines(), rowsP, s}, new long[] {1, 16, 1});
                    // dy of group grp as (coutG × s·P): element (co, s'·P + q) lies at
                    // dy[(s0 + s')·Cout·P + (grp·coutG + co)·P + q]
                    GemmOps.Source src = new GemmOps.Source(mem(dy), off(dy) + s0 * g.cout() * p + grp * coutG * p,
                            0, p, 1, p, g.cout() * p);
                    ClBufferPool.Buffer dyp = gemm.packA(src, coutG, s * p, 1);
                    try {
                        gemm.multiply(coutG, rows, s * p, dyp.mem(), 0, 0, cols.mem(), 0, 0, mem(dw),
                                off(dw) + grp * coutG * rows, rows, 0, 1, 1f, s0 == 0 ? 0f : 1f);
                    } finally {
                        release(dyp);
                    }
                }
            }
        } finally {
            release(cols);
        }
        if (dbias != null) {
            reduce.channelSum(0, g.n(), g.cout(), p, mem(dy), off(dy), null, 0, null, 0, 1, mem(dbias), off(dbias));
        }
    }
}
