package io.nextframe.simd;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * TEMPORARY stand-in for {@code SimdConv} (written on another branch) with the same constructor and methods, so
 * {@link SimdKernels} swaps it out by changing one line. Convolution lowered to GEMM through an explicit im2col
 * matrix per (sample, group), 1–3 spatial axes padded to (d, h, w):
 * forward Y_g = W_g·col; backward-data dcol = W_gᵀ·dY_g then col2im (one task per input channel, so the scatter is
 * deterministic); backward-weight dW_g = Σ_n dY_g(n)·col(n)ᵀ accumulated in n order.
 */
final class FallbackConv {
    private final WorkerPool pool;
    private final FallbackGemm gemm;

    FallbackConv(WorkerPool pool, FallbackGemm gemm) {
        this.pool = pool;
        this.gemm = gemm;
    }

    /** Geometry padded to three spatial axes. */
    private record Geo(int n, int cin, int cout, int groups, Spatial in, Spatial out, int[] k, int[] s, int[] p,
                       int[] dil) {
        static Geo of(ConvSpec spec, Tensor x, Tensor w, Tensor y) {
            int r = w.rank();
            int[] k = Spatial.pad3(java.util.Arrays.copyOfRange(w.shape().dims(), 2, r), 1);
            return new Geo(x.dim(0), x.dim(1), w.dim(0), spec.groups(), Spatial.of(x), Spatial.of(y), k,
                    Spatial.pad3(spec.stride(), 1), Spatial.pad3(spec.padding(), 0),
                    Spatial.pad3(spec.dilation(), 1));
        }

        int cinG() {
            return cin / groups;
        }

        int coutG() {
            return cout / groups;
        }

        int taps() {
            return k[0] * k[1] * k[2];
        }

        /** Rows of col: (channel in group, kd, kh, kw). */
        int rows() {
            return cinG() * taps();
        }

        int cols() {
            return Math.toIntExact(out.size());
        }
    }

    void forward(ConvSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        Geo g = Geo.of(spec, x, w, y);
        MemorySegment xs = Vec.seg(x), ws = Vec.seg(w), ys = Vec.seg(y);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment col = arena.allocate((long) g.rows() * g.cols() * 4, 64);
            for (int n = 0; n < g.n(); n++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    long xPlane = x.offset() + ((long) n * g.cin() + (long) gi * g.cinG()) * g.in().size();
                    im2col(g, xs, xPlane, col);
                    long yOff = y.offset() + ((long) n * g.cout() + (long) gi * g.coutG()) * g.cols();
                    gemm.raw(false, false, g.coutG(), g.cols(), g.rows(), 1f, ws,
                            w.offset() + (long) gi * g.coutG() * g.rows(), col, 0, 0f, ys, yOff);
                }
            }
        }
        if (bias != null) {
            MemorySegment bs = Vec.seg(bias);
            int planes = g.n() * g.cout();
            pool.parallelFor(planes, 1, (from, to) -> {
                for (int pl = from; pl < to; pl++) {
                    float b = Vec.get(bs, bias.offset() + pl % g.cout());
                    long yr = y.offset() + (long) pl * g.cols();
                    int j = 0;
                    for (int bound = F.loopBound(g.cols()); j < bound; j += L) {
                        FloatVector.fromMemorySegment(F, ys, (yr + j) << 2, ORDER).add(b)
                                .intoMemorySegment(ys, (yr + j) << 2, ORDER);
                    }
                    for (; j < g.cols(); j++) {
                        Vec.set(ys, yr + j, Vec.get(ys, yr + j) + b);
                    }
                }
            });
        }
    }

    void backwardData(ConvSpec spec, Tensor dy, Tensor w, Tensor dx) {
        Geo g = Geo.of(spec, dx, w, dy);
        MemorySegment gs = Vec.seg(dy), ws = Vec.seg(w), ds = Vec.seg(dx);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment col = arena.allocate((long) g.rows() * g.cols() * 4, 64);
            for (int n = 0; n < g.n(); n++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    long gOff = dy.offset() + ((long) n * g.cout() + (long) gi * g.coutG()) * g.cols();
                    gemm.raw(true, false, g.rows(), g.cols(), g.coutG(), 1f, ws,
                            w.offset() + (long) gi * g.coutG() * g.rows(), gs, gOff, 0f, col, 0);
                    long dPlane = dx.offset() + ((long) n * g.cin() + (long) gi * g.cinG()) * g.in().size();
                    col2im(g, col, ds, dPlane);
                }
            }
        }
    }

    void backwardWeight(ConvSpec spec, Tensor x, Tensor dy, Tensor dw, Tensor dbias) {
        Geo g = Geo.of(spec, x, dw, dy);
        MemorySegment xs = Vec.seg(x), gs = Vec.seg(dy), ws = Vec.seg(dw);
        try (Arena arena = Arena.ofShared()) {
            MemorySegment col = arena.allocate((long) g.rows() * g.cols() * 4, 64);
            for (int n = 0; n < g.n(); n++) {
                for (int gi = 0; gi < g.groups(); gi++) {
                    long xPlane = x.offset() + ((long) n * g.cin() + (long) gi * g.cinG()) * g.in().size();
                    im2col(g, xs, xPlane, col);
                    long gOff = dy.offset() + ((long) n * g.cout() + (long) gi * g.coutG()) * g.cols();
                    gemm.raw(false, true, g.coutG(), g.rows(), g.cols(), 1f, gs, gOff, col, 0, n == 0 ? 0f : 1f,
                            ws, dw.offset() + (long) gi * g.coutG() * g.rows());
                }
            }
        }
        if (dbias != null) {
            MemorySegment bs = Vec.seg(dbias);
            pool.parallelFor(g.cout(), 1, (from, to) -> {
                for (int co = from; co < to; co++) {
                    double total = 0;
                    for (int n = 0; n < g.n(); n++) {
                        long gr = dy.offset() + ((long) n * g.cout() + co) * g.cols();
                        FloatVector acc = FloatVector.zero(F);
                        int j = 0;
                        for (int bound = F.loopBound(g.cols()); j < bound; j += L) {
                            acc = acc.add(FloatVector.fromMemorySegment(F, gs, (gr + j) << 2, ORDER));
                        }
                        double s = Vec.sum(acc);
                        for (; j < g.cols(); j++) {
                            s += Vec.get(gs, gr + j);
                        }
                        total += s;
                    }
                    Vec.set(bs, dbias.offset() + co, (float) total);
                }
            });
        }
    }

    /** col[(c, kd, kh, kw), (od, oh, ow)] = x[c, od·s − p + kd·dil, …] or 0 in the padding. */
    private void im2col(Geo g, MemorySegment xs, long xPlane, MemorySegment col) {
        Spatial in = g.in(), out = g.out();
        pool.parallelFor(g.rows(), 1, (from, to) -> {
            for (int row = from; row < to; row++) {
                int kw = row % g.k()[2], kh = row / g.k()[2] % g.k()[1], kd = row / g.k()[2] / g.k()[1] % g.k()[0];
                int c = row / g.taps();
                long base = xPlane + c * in.size();
                long cr = (long) row * g.cols();
                for (int od = 0; od < out.d(); od++) {
                    int id = od * g.s()[0] - g.p()[0] + kd * g.dil()[0];
                    for (int oh = 0; oh < out.h(); oh++) {
                        int ih = oh * g.s()[1] - g.p()[1] + kh * g.dil()[1];
                        boolean rowValid = id >= 0 && id < in.d() && ih >= 0 && ih < in.h();
                        long xr = base + ((long) id * in.h() + ih) * in.w();
                        long cp = cr + ((long) od * out.h() + oh) * out.w();
                        for (int ow = 0; ow < out.w(); ow++) {
                            int iw = ow * g.s()[2] - g.p()[2] + kw * g.dil()[2];
                            Vec.set(col, cp + ow, rowValid && iw >= 0 && iw < in.w() ? Vec.get(xs, xr + iw) : 0f);
                        }
                    }
                }
            }
        });
    }

    /** dx planes of one group = Σ over col rows of their scatter; one task per channel, rows in order. */
    private void col2im(Geo g, MemorySegment col, MemorySegment ds, long dPlane) {
        Spatial in = g.in(), out = g.out();
        pool.parallelFor(g.cinG(), 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                long base = dPlane + c * in.size();
                SimdPool.zero(ds, base, in.size());
                for (int t = 0; t < g.taps(); t++) {
                    int kw = t % g.k()[2], kh = t / g.k()[2] % g.k()[1], kd = t / g.k()[2] / g.k()[1];
                    long cr = ((long) c * g.taps() + t) * g.cols();
                    for (int od = 0; od < out.d(); od++) {
                        int id = od * g.s()[0] - g.p()[0] + kd * g.dil()[0];
                        if (id < 0 || id >= in.d()) {
                            continue;
                        }
                        for (int oh = 0; oh < out.h(); oh++) {
                            int ih = oh * g.s()[1] - g.p()[1] + kh * g.dil()[1];
                            if (ih < 0 || ih >= in.h()) {
                                continue;
                            }
                            long xr = base + ((long) id * in.h() + ih) * in.w();
                            long cp = cr + ((long) od * out.h() + oh) * out.w();
                            for (int ow = 0; ow < out.w(); ow++) {
                                int iw = ow * g.s()[2] - g.p()[2] + kw * g.dil()[2];
                                if (iw >= 0 && iw < in.w()) {
                                    Vec.set(ds, xr + iw, Vec.get(ds, xr + iw) + Vec.get(col, cp + ow));
                                }
                            }
                        }
                    }
                }
            }
        });
    }
}
