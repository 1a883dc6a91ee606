package io.nextframe.simd;

import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Convolutions (1-D/2-D/3-D, stride, padding, dilation, groups) lowered to {@link SimdGemm}, with the semantics of
 * {@code Kernels.convForward / convBackwardData / convBackwardWeight}.
 *
 * <p>The batch and the output positions are cut into lowering units that depend on the shapes only (see
 * {@link ConvPlan}): a unit is one sample, or several samples side by side when a sample has few output positions
 * (so the GEMM stays wide), or a band of positions when a sample's lowered matrix would be too big. Per unit:
 * <ul>
 *   <li>forward: im2col into per-thread native scratch, y = W_g · col (1×1 convolutions use x itself);</li>
 *   <li>backward-data: col = W_gᵀ · dy, then col2im accumulated per input plane by the thread that owns it;</li>
 *   <li>backward-weight: dW_gᵀ += col_g · dy_gᵀ, units in order (a fixed chunking of the batch reduction).</li>
 * </ul>
 * With as many units as threads, each thread runs whole units; otherwise units run in turn and each step inside a
 * unit is split over output rows or planes. Either way each output element is computed by the same arithmetic in the
 * same order, so results are bitwise identical for any thread count.
 */
public final class SimdConv {
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private final WorkerPool pool;
    private final SimdGemm gemm;
    /** The lowered matrix (col) of the unit a thread works on. */
    private final ThreadScratch colScratch = new ThreadScratch();
    /** Samples of y or dy rearranged to (C, samples·positions) when a unit holds several samples. */
    private final ThreadScratch rowScratch = new ThreadScratch();
    /** The transposed weight gradient being accumulated by a backward-weight pass. */
    private final ThreadScratch gradScratch = new ThreadScratch();
    /** The flipped, transposed kernel of a stride-1 backward-data pass. */
    private final ThreadScratch weightScratch = new ThreadScratch();

    private final long maxColFloats;

    public SimdConv(WorkerPool pool, SimdGemm gemm) {
        this(pool, gemm, ConvPlan.MAX_COL_FLOATS);
    }

    /** With a smaller bound on the lowered matrix, so tests reach the banded path on small shapes. */
    SimdConv(WorkerPool pool, SimdGemm gemm, long maxColFloats) {
        this.pool = pool;
        this.gemm = gemm;
        this.maxColFloats = maxColFloats;
    }

    // ---- forward ------------------------------------------------------------------------------------------------

    /** y = conv(x, w) + bias; x (N,Cin,*in), w (Cout,Cin/g,*k), bias (Cout) or null, y (N,Cout,*out). */
    public void forward(ConvSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        ConvShape g = ConvShape.of("convForward", spec, x.shape(), "x", w.shape(), "w", y.shape(), "y");
        checkBias("convForward", "bias", bias, g.cout);
        MemorySegment xs = SimdGemm.segment("convForward", "x", x), ws = SimdGemm.segment("convForward", "w", w);
        MemorySegment ys = SimdGemm.segment("convForward", "y", y);
        MemorySegment bs = bias == null ? null : SimdGemm.segment("convForward", "bias", bias);
        long bOff = bias == null ? 0 : bias.offset();
        forward(g, xs, x.offset(), ws, w.offset(), bs, bOff, ys, y.offset());
    }

    private void forward(ConvShape g, MemorySegment xs, long xOff, MemorySegment ws, long wOff,
                         MemorySegment bs, long bOff, MemorySegment ys, long yOff) {
        int k = g.groupRows;
        if (g.dense()) {
            // y (N × Cout) = x (N × Cin·kVol) · Wᵀ, group by group
            forEachGroup(g.groups, false, (gi, inner) -> gemm(inner, false, true, g.n, g.coutG, k, 1f,
                    xs, xOff + (long) gi * k, g.cin * g.kVol, ws, wOff + (long) gi * g.coutG * k, k,
                    0f, ys, yOff + (long) gi * g.coutG, g.cout));
            if (bs != null) {
                for (int n = 0; n < g.n; n++) {
                    RowOps.addVector(bs, bOff, ys, yOff + (long) n * g.cout, g.cout);
                }
            }
            return;
        }
        ConvPlan plan = ConvPlan.of(g, maxColFloats);
        forEachChunk(plan, (chunk, serial) -> {
            int n0 = chunk * plan.samples(), nc = Math.min(plan.samples(), g.n - n0);
            for (int s0 = 0; s0 < g.outVol; s0 += plan.positions()) {
                int sl = Math.min(plan.positions(), g.outVol - s0);
                forwardUnit(g, xs, xOff, ws, wOff, bs, bOff, ys, yOff, n0, nc, s0, sl, serial);
            }
        });
    }

    private void forwardUnit(ConvShape g, MemorySegment xs, long xOff, MemorySegment ws, long wOff,
                             MemorySegment bs, long bOff, MemorySegment ys, long yOff,
                             int n0, int nc, int s0, int sl, boolean serial) {
        int cols = nc * sl;
        MemorySegment col;
        long colOff;
        int ldcol;
        if (g.pointwise() && nc == 1) {
            col = xs;
            colOff = xOff + (long) n0 * g.cin * g.inVol + s0;
            ldcol = g.inVol;
        } else {
            col = colScratch.floats((long) g.cin * g.kVol * cols);
            colOff = 0;
            ldcol = cols;
            lowerUnit(g, xs, xOff, n0, nc, s0, sl, col, serial);
        }
        boolean direct = nc == 1;
        MemorySegment out = direct ? ys : rowScratch.floats((long) g.cout * cols);
        long outOff = direct ? yOff + (long) n0 * g.cout * g.outVol + s0 : 0;
        int ldo = direct ? g.outVol : cols;
        int k = g.groupRows;
        forEachGroup(g.groups, serial, (gi, inner) -> gemm(inner, false, false, g.coutG, cols, k, 1f,
                ws, wOff + (long) gi * g.coutG * k, k, col, colOff + (long) gi * k * ldcol, ldcol,
                0f, out, outOff + (long) gi * g.coutG * ldo, ldo));
        if (direct) {
            if (bs != null) {
                pool.parallelFor(g.cout, 8, (from, to) -> {
                    for (int co = from; co < to; co++) {
                        RowOps.addScalar(ys, outOff + (long) co * g.outVol, sl, bs.get(F, (bOff + co) * Float.BYTES));
                    }
                });
            }
        } else {
            // (C, nc·S) back to (nc, C, S), adding the bias on the way
            pool.parallelFor(nc * g.cout, 8, (from, to) -> {
                for (int t = from; t < to; t++) {
                    int j = t / g.cout, co = t % g.cout;
                    float b = bs == null ? 0f : bs.get(F, (bOff + co) * Float.BYTES);
                    RowOps.copyAdd(out, (long) co * cols + (long) j * sl, ys,
                            yOff + ((long) (n0 + j) * g.cout + co) * g.outVol + s0, sl, b);
                }
            });
        }
    }

    // ---- backward data ------------------------------------------------------------------------------------------

    /** dx = convᵀ(dy, w), the exact adjoint of {@link #forward} in x; dx's shape fixes the input extent. */
    public void backwardData(ConvSpec spec, Tensor dy, Tensor w, Tensor dx) {
        ConvShape g = ConvShape.of("convBackwardData", spec, dx.shape(), "dx", w.shape(), "w", dy.shape(), "dy");
        MemorySegment dys = SimdGemm.segment("convBackwardData", "dy", dy);
        MemorySegment ws = SimdGemm.segment("convBackwardData", "w", w);
        MemorySegment dxs = SimdGemm.segment("convBackwardData", "dx", dx);
        long dyOff = dy.offset(), wOff = w.offset(), dxOff = dx.offset();
        if (g.dense()) {
            // dx (N × Cin·kVol) = dy (N × Cout) · W, group by group
            int k = g.groupRows;
            forEachGroup(g.groups, false, (gi, inner) -> gemm(inner, false, false, g.n, k, g.coutG, 1f,
                    dys, dyOff + (long) gi * g.coutG, g.cout, ws, wOff + (long) gi * g.coutG * k, k,
                    0f, dxs, dxOff + (long) gi * k, g.cin * g.kVol));
            return;
        }
        ConvShape flipped = g.pointwise() ? null : g.adjointAsConvolution();
        if (flipped != null) {
            // stride 1: the adjoint is itself a convolution of dy with the flipped, transposed kernel — the forward
            // path, writing dx directly (no col2im pass over a big lowered matrix)
            MemorySegment wt = weightScratch.floats((long) g.cout * g.groupRows);
            flipKernel(g, ws, wOff, wt);
            forward(flipped, dys, dyOff, wt, 0, null, 0, dxs, dxOff);
            return;
        }
        ConvPlan plan = ConvPlan.of(g, maxColFloats);
        forEachChunk(plan, (chunk, serial) -> {
            int n0 = chunk * plan.samples(), nc = Math.min(plan.samples(), g.n - n0);
            if (g.pointwise()) {
                // dx_n = W_gᵀ · dy_n straight into dx: nothing to lower or raise
                for (int j = 0; j < nc; j++) {
                    long dyN = dyOff + (long) (n0 + j) * g.cout * g.outVol, dxN = dxOff + (long) (n0 + j) * g.cin * g.inVol;
                    forEachGroup(g.groups, serial, (gi, inner) -> gemm(inner, true, false, g.cinG, g.outVol, g.coutG,
                            1f, ws, wOff + (long) gi * g.coutG * g.cinG, g.cinG,
                            dys, dyN + (long) gi * g.coutG * g.outVol, g.outVol,
                            0f, dxs, dxN + (long) gi * g.cinG * g.inVol, g.inVol));
                }
                return;
            }
            for (int s0 = 0; s0 < g.outVol; s0 += plan.positions()) {
                int sl = Math.min(plan.positions(), g.outVol - s0);
                backwardDataUnit(g, dys, dyOff, ws, wOff, dxs, dxOff, n0, nc, s0, sl, serial);
            }
        });
    }

    private void backwardDataUnit(ConvShape g, MemorySegment dys, long dyOff, MemorySegment ws, long wOff,
                                  MemorySegment dxs, long dxOff, int n0, int nc, int s0, int sl, boolean serial) {
        int cols = nc * sl;
        MemorySegment rows;
        long rowsOff;
        int ldr;
        if (nc == 1) {
            rows = dys;
            rowsOff = dyOff + (long) n0 * g.cout * g.outVol + s0;
            ldr = g.outVol;
        } else {
            rows = rowScratch.floats((long) g.cout * cols);
            rowsOff = 0;
            ldr = cols;
            gatherRows(g.cout, g.outVol, dys, dyOff + (long) n0 * g.cout * g.outVol, nc, rows);
        }
        MemorySegment col = colScratch.floats((long) g.cin * g.kVol * cols);
        int k = g.groupRows;
        forEachGroup(g.groups, serial, (gi, inner) -> gemm(inner, true, false, k, cols, g.coutG, 1f,
                ws, wOff + (long) gi * g.coutG * k, k, rows, rowsOff + (long) gi * g.coutG * ldr, ldr,
                0f, col, (long) gi * k * cols, cols));
        // col2im: each input plane gathers its own taps, so no two threads add into one element
        TapTable table = TapTable.suits(g) ? TapTable.of(g, s0, sl) : null;
        pool.parallelFor(nc * g.cin, serial ? Integer.MAX_VALUE : 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                int j = t / g.cin, c = t % g.cin;
                long plane = dxOff + ((long) (n0 + j) * g.cin + c) * g.inVol;
                if (s0 == 0) {
                    ConvLowering.zero(dxs, plane, g.inVol);
                }
                long at = (long) c * g.kVol * cols + (long) j * sl;
                if (table != null) {
                    table.raise(col, at, cols, dxs, plane);
                } else {
                    ConvLowering.raise(g, col, at, cols, s0, sl, dxs, plane);
                }
            }
        });
    }

    // ---- backward weight ----------------------------------------------------------------------------------------

    /** dw = ∂⟨conv(x,w), dy⟩/∂w; dbias (Cout) = Σ dy over N and space, or null to skip. */
    public void backwardWeight(ConvSpec spec, Tensor x, Tensor dy, Tensor dw, Tensor dbias) {
        ConvShape g = ConvShape.of("convBackwardWeight", spec, x.shape(), "x", dw.shape(), "dw", dy.shape(), "dy");
        checkBias("convBackwardWeight", "dbias", dbias, g.cout);
        MemorySegment xs = SimdGemm.segment("convBackwardWeight", "x", x);
        MemorySegment dys = SimdGemm.segment("convBackwardWeight", "dy", dy);
        MemorySegment dws = SimdGemm.segment("convBackwardWeight", "dw", dw);
        long xOff = x.offset(), dyOff = dy.offset(), dwOff = dw.offset();
        int k = g.groupRows;
        if (g.dense()) {
            // dW (Cout × Cin·kVol) = dyᵀ · x, group by group; the sum over samples runs in sample order
            forEachGroup(g.groups, false, (gi, inner) -> gemm(inner, true, false, g.coutG, k, g.n, 1f,
                    dys, dyOff + (long) gi * g.coutG, g.cout, xs, xOff + (long) gi * k, g.cin * g.kVol,
                    0f, dws, dwOff + (long) gi * g.coutG * k, k));
            biasGradient(g, dys, dyOff, dbias);
            return;
        }
        ConvPlan plan = ConvPlan.of(g, maxColFloats);
        // Accumulated unit by unit in a fixed order while threads split the output. Either dWᵀ_g (k × coutG) =
        // col_g · dy_gᵀ, which reads the lowered matrix in place (SimdGemm's narrow path) but must transpose dW at the
        // end, or dW_g = dy_g · col_gᵀ, which packs the lowered matrix transposed: the first when the lowered
        // matrices outweigh dW and the output channels are few enough for the narrow path.
        boolean viaTranspose = g.coutG <= SimdGemm.DIRECT_A_MAX_N && (long) g.n * g.outVol > g.coutG;
        MemorySegment dwt = viaTranspose ? gradScratch.floats((long) g.cout * k) : dws;
        for (int n0 = 0; n0 < g.n; n0 += plan.samples()) {
            int nc = Math.min(plan.samples(), g.n - n0);
            for (int s0 = 0; s0 < g.outVol; s0 += plan.positions()) {
                int sl = Math.min(plan.positions(), g.outVol - s0), cols = nc * sl;
                float beta = n0 == 0 && s0 == 0 ? 0f : 1f;
                MemorySegment rows, col;
                long rowsOff, colOff;
                int ldr, ldcol;
                if (nc == 1) {
                    rows = dys;
                    rowsOff = dyOff + (long) n0 * g.cout * g.outVol + s0;
                    ldr = g.outVol;
                } else {
                    rows = rowScratch.floats((long) g.cout * cols);
                    rowsOff = 0;
                    ldr = cols;
                    gatherRows(g.cout, g.outVol, dys, dyOff + (long) n0 * g.cout * g.outVol, nc, rows);
                }
                if (g.pointwise() && nc == 1) {
                    col = xs;
                    colOff = xOff + (long) n0 * g.cin * g.inVol + s0;
                    ldcol = g.inVol;
                } else {
                    col = colScratch.floats((long) g.cin * g.kVol * cols);
                    colOff = 0;
                    ldcol = cols;
                    lowerUnit(g, xs, xOff, n0, nc, s0, sl, col, false);
                }
                MemorySegment r = rows, cl = col;
                long ro = rowsOff, co = colOff;
                int lr = ldr, lc = ldcol;
                if (viaTranspose) {
                    forEachGroup(g.groups, false, (gi, inner) -> gemm(inner, false, true, k, g.coutG, cols, 1f,
                            cl, co + (long) gi * k * lc, lc, r, ro + (long) gi * g.coutG * lr, lr,
                            beta, dwt, (long) gi * k * g.coutG, g.coutG));
                } else {
                    forEachGroup(g.groups, false, (gi, inner) -> gemm(inner, false, true, g.coutG, k, cols, 1f,
                            r, ro + (long) gi * g.coutG * lr, lr, cl, co + (long) gi * k * lc, lc,
                            beta, dws, dwOff + (long) gi * g.coutG * k, k));
                }
            }
        }
        if (!viaTranspose) {
            biasGradient(g, dys, dyOff, dbias);
            return;
        }
        // dW_g[co, r] = dWᵀ_g[r, co]
        pool.parallelFor(g.cout, 4, (from, to) -> {
            for (int c = from; c < to; c++) {
                int gi = c / g.coutG, co = c % g.coutG;
                long src = (long) gi * k * g.coutG + co, dst = dwOff + (long) c * k;
                for (int r = 0; r < k; r++) {
                    dws.set(F, (dst + r) * Float.BYTES, dwt.get(F, (src + (long) r * g.coutG) * Float.BYTES));
                }
            }
        });
        biasGradient(g, dys, dyOff, dbias);
    }

    /** dbias[c] = Σ over samples (in order) of Σ over positions of dy[n, c, ·]; one thread per channel. */
    private void biasGradient(ConvShape g, MemorySegment dys, long dyOff, Tensor dbias) {
        if (dbias == null) {
            return;
        }
        MemorySegment dbs = SimdGemm.segment("convBackwardWeight", "dbias", dbias);
        long dbOff = dbias.offset();
        pool.parallelFor(g.cout, 4, (from, to) -> {
            for (int c = from; c < to; c++) {
                float s = 0f;
                for (int n = 0; n < g.n; n++) {
                    s += RowOps.sum(dys, dyOff + ((long) n * g.cout + c) * g.outVol, g.outVol);
                }
                dbs.set(F, (dbOff + c) * Float.BYTES, s);
            }
        });
    }

    // ---- shared steps -------------------------------------------------------------------------------------------

    /** Work on lowering chunk {@code chunk}; {@code serial}: the caller already runs chunks on separate threads. */
    @FunctionalInterface
    private interface ChunkTask {
        void run(int chunk, boolean serial);
    }

    @FunctionalInterface
    private interface GroupTask {
        void run(int group, boolean serial);
    }

    /** Whole chunks per thread when there are enough of them, else chunks in turn with parallel steps inside. */
    private void forEachChunk(ConvPlan plan, ChunkTask task) {
        int chunks = plan.chunks();
        if (pool.threads() > 1 && chunks >= pool.threads()) {
            pool.parallelFor(chunks, 1, (from, to) -> {
                for (int c = from; c < to; c++) {
                    task.run(c, true);
                }
            });
        } else {
            for (int c = 0; c < chunks; c++) {
                task.run(c, false);
            }
        }
    }

    /** One GEMM per group: groups over threads when there are many, else each GEMM split over threads. */
    private void forEachGroup(int groups, boolean serial, GroupTask task) {
        if (!serial && groups > 1 && groups >= pool.threads()) {
            pool.parallelFor(groups, 1, (from, to) -> {
                for (int gi = from; gi < to; gi++) {
                    task.run(gi, true);
                }
            });
        } else {
            for (int gi = 0; gi < groups; gi++) {
                task.run(gi, serial);
            }
        }
    }

    private void gemm(boolean serial, boolean ta, boolean tb, int m, int n, int k, float alpha,
                      MemorySegment a, long aOff, int lda, MemorySegment b, long bOff, int ldb,
                      float beta, MemorySegment c, long cOff, int ldc) {
        if (serial) {
            gemm.gemmSerial(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            gemm.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /** im2col of samples [n0, n0+nc), positions [s0, s0+sl): rows (c, tap), columns (sample, position). */
    private void lowerUnit(ConvShape g, MemorySegment xs, long xOff, int n0, int nc, int s0, int sl,
                           MemorySegment col, boolean serial) {
        int cols = nc * sl;
        TapTable table = TapTable.suits(g) ? TapTable.of(g, s0, sl) : null;
        pool.parallelFor(nc * g.cin, serial ? Integer.MAX_VALUE : 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                int j = t / g.cin, c = t % g.cin;
                long plane = xOff + ((long) (n0 + j) * g.cin + c) * g.inVol;
                long at = (long) c * g.kVol * cols + (long) j * sl;
                if (table != null) {
                    table.lower(xs, plane, col, at, cols);
                } else {
                    ConvLowering.lower(g, xs, plane, col, at, cols, s0, sl);
                }
            }
        });
    }

    /**
     * wt[g·cinG + ci, co, t'] = w[g·coutG + co, ci, kVol − 1 − t']: per group, input and output channels swapped and
     * the window reversed on every axis (reversing the flat tap index reverses each axis).
     */
    private void flipKernel(ConvShape g, MemorySegment ws, long wOff, MemorySegment wt) {
        pool.parallelFor(g.cin, 16, (from, to) -> {
            for (int c = from; c < to; c++) {
                int gi = c / g.cinG, ci = c % g.cinG;
                for (int co = 0; co < g.coutG; co++) {
                    long src = wOff + ((long) (gi * g.coutG + co) * g.cinG + ci) * g.kVol;
                    long dst = ((long) c * g.coutG + co) * g.kVol;
                    for (int t = 0; t < g.kVol; t++) {
                        wt.set(F, (dst + t) * Float.BYTES, ws.get(F, (src + g.kVol - 1 - t) * Float.BYTES));
                    }
                }
            }
        });
    }

    /** rows[c, j·S + s] = src[j, c, s] for j < nc: several samples side by side as one wide matrix. */
    private void gatherRows(int channels, int positions, MemorySegment src, long srcOff, int nc, MemorySegment rows) {
        long cols = (long) nc * positions;
        pool.parallelFor(nc * channels, 8, (from, to) -> {
            for (int t = from; t < to; t++) {
                int j = t / channels, c = t % channels;
                MemorySegment.copy(src, (srcOff + ((long) j * channels + c) * positions) * Float.BYTES,
                        rows, ((long) c * cols + (long) j * positions) * Float.BYTES, (long) positions * Float.BYTES);
            }
        });
    }

    private static void checkBias(String op, String name, Tensor bias, int cout) {
        if (bias != null && !bias.shape().equals(Shape.of(cout))) {
            throw new IllegalArgumentException(op + ": " + name + " is " + bias.shape() + ", expected [" + cout + "]");
        }
    }
}
