package io.nextframe.simd;

import io.nextframe.core.DType;
import io.nextframe.core.Tensor;
import io.nextframe.core.cpu.CpuStorage;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.GemmMicroKernel.MR;
import static io.nextframe.simd.GemmMicroKernel.NR;

/**
 * SGEMM on the Vector API: C = α·op(A)·op(B) + β·C, blocked as in BLIS. For each column block of C (NC wide) and each
 * depth block (KC deep) a block of op(B) is packed into NR-column micro-panels; for each row block (MC high) a block
 * of op(A) is packed into MR-row micro-panels; then {@link GemmMicroKernel#tile} computes every MR×NR tile.
 * Pack buffers are per-thread native scratch, reused across calls.
 *
 * <p>Threads split C into rectangles (whole micro-tiles), never K: every element sees the same depth blocks in the
 * same order, so the result is bitwise identical for any number of threads.
 */
public final class SimdGemm {
    /** Depth of a packed block: fixed, never derived from the thread count (it decides the rounding). */
    static final int KC = 256;
    /** Rows of a packed A block (≈ 150 KB, stays in L2): a multiple of MR. */
    static final int MC = 24 * MR;
    /** Columns of a packed B block (≈ 3 MB at KC): a multiple of NR. */
    static final int NC = 96 * NR;
    /** Below this many multiply-adds one thread does the whole product: a fork costs more than it saves. */
    private static final long PARALLEL_MIN_FMAS = 1L << 20;
    /**
     * Column blocks up to this wide read A in place rather than packing it: each A element then serves at most
     * eight micro-panels, and the (scalar, strided) packing costs more than in-place reads lose.
     */
    static final int DIRECT_A_MAX_N = 8 * NR;
    /** Outputs per task of a matrix–vector product. */
    private static final int GEMV_BLOCK = 64;

    private final WorkerPool pool;
    private final ThreadScratch packA = new ThreadScratch();
    private final ThreadScratch packB = new ThreadScratch();
    /** A strided vector operand of a matrix–vector product, made contiguous. */
    private final ThreadScratch vector = new ThreadScratch();

    public SimdGemm(WorkerPool pool) {
        this.pool = pool;
    }

    public WorkerPool pool() {
        return pool;
    }

    /**
     * C = α·op(A)·op(B) + β·C on contiguous F32 CPU tensors, as {@code Kernels.gemm}: rank 2, or rank 3 with a
     * leading batch dim on C where A's and B's batch dims equal C's or are 1 (broadcast).
     */
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int rank = c.rank();
        if (rank != 2 && rank != 3 || a.rank() != rank || b.rank() != rank) {
            throw new IllegalArgumentException("gemm: A " + a.shape() + ", B " + b.shape() + ", C " + c.shape()
                    + " must all be rank 2, or all rank 3 (batched)");
        }
        int m = c.dim(-2), n = c.dim(-1);
        int k = transA ? a.dim(-2) : a.dim(-1);
        int am = transA ? a.dim(-1) : a.dim(-2);
        int bk = transB ? b.dim(-1) : b.dim(-2), bn = transB ? b.dim(-2) : b.dim(-1);
        if (am != m || bn != n || bk != k) {
            throw new IllegalArgumentException("gemm: op(A) is " + am + "×" + k + ", op(B) is " + bk + "×" + bn
                    + ", C is " + m + "×" + n + " (transA=" + transA + ", transB=" + transB + ")");
        }
        int batch = rank == 3 ? c.dim(0) : 1;
        int aBatch = rank == 3 ? a.dim(0) : 1, bBatch = rank == 3 ? b.dim(0) : 1;
        if (aBatch != batch && aBatch != 1 || bBatch != batch && bBatch != 1) {
            throw new IllegalArgumentException("gemm: batch dims of A (" + aBatch + ") and B (" + bBatch
                    + ") must equal C's (" + batch + ") or be 1");
        }
        MemorySegment as = segment("gemm", "A", a), bs = segment("gemm", "B", b), cs = segment("gemm", "C", c);
        int lda = a.dim(-1), ldb = b.dim(-1);
        long aStride = aBatch == 1 ? 0 : (long) m * k, bStride = bBatch == 1 ? 0 : (long) k * n;
        long cStride = (long) m * n;
        long aOff = a.offset(), bOff = b.offset(), cOff = c.offset();
        long fmas = (long) m * n * k;
        // many small products: one thread per product; otherwise products in turn, each split across threads
        boolean byBatch = pool.threads() > 1 && batch >= pool.threads()
                && (fmas < PARALLEL_MIN_FMAS * 4 || batch % pool.threads() == 0);
        if (byBatch) {
            pool.parallelFor(batch, 1, (from, to) -> {
                for (int i = from; i < to; i++) {
                    run(transA, transB, m, n, k, alpha, as, aOff + i * aStride, lda, bs, bOff + i * bStride, ldb,
                            beta, cs, cOff + i * cStride, n, 1);
                }
            });
        } else {
            for (int i = 0; i < batch; i++) {
                run(transA, transB, m, n, k, alpha, as, aOff + i * aStride, lda, bs, bOff + i * bStride, ldb,
                        beta, cs, cOff + i * cStride, n, pool.threads());
            }
        }
    }

    /**
     * The raw form on native segments, for lowered convolutions: C = α·op(A)·op(B) + β·C where op(A) is m×k, op(B)
     * k×n, C m×n; offsets are in elements and the leading dimensions are the row strides of the stored matrices
     * (A stored m×k, or k×m when transposed; B stored k×n, or n×k when transposed). Runs on the pool; called from
     * inside a pool task it runs on the calling thread alone.
     */
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOff,
                     int lda, MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative size m=" + m + ", n=" + n + ", k=" + k);
        }
        int needA = Math.max(1, transA ? m : k), needB = Math.max(1, transB ? k : n);
        if (lda < needA || ldb < needB || ldc < Math.max(1, n)) {
            throw new IllegalArgumentException("gemm: leading dimensions lda=" + lda + " (≥ " + needA + "), ldb="
                    + ldb + " (≥ " + needB + "), ldc=" + ldc + " (≥ " + n + ") too small");
        }
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, pool.threads());
    }

    /** As the raw {@link #gemm}, on the calling thread only (for callers that already split work over threads). */
    void gemmSerial(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOff,
                    int lda, MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc) {
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, 1);
    }

    private void run(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOff,
                     int lda, MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc,
                     int threads) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0 || alpha == 0f) {
            scale(c, cOff, ldc, 0, m, 0, n, beta);
            return;
        }
        if (m == 1 || n == 1 && ldc == 1) {
            gemv(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, threads);
            return;
        }
        if (threads <= 1 || (long) m * n * k < PARALLEL_MIN_FMAS) {
            block(transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, 0, m, 0, n);
            return;
        }
        int tilesM = ceilDiv(m, MR), tilesN = ceilDiv(n, NR);
        int split = split(tilesM, tilesN, k, threads, transB);
        int tm = split >>> 16, tn = split & 0xFFFF;
        pool.parallelFor(tm * tn, 1, (from, to) -> {
            for (int t = from; t < to; t++) {
                int ti = t / tn, tj = t % tn;
                int i0 = (int) ((long) tilesM * ti / tm) * MR, i1 = Math.min(m, (int) ((long) tilesM * (ti + 1) / tm) * MR);
                int j0 = (int) ((long) tilesN * tj / tn) * NR, j1 = Math.min(n, (int) ((long) tilesN * (tj + 1) / tn) * NR);
                if (i0 < i1 && j0 < j1) {
                    block(transA, transB, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, i0, i1, j0, j1);
                }
            }
        });
    }

    /**
     * One row or one (contiguous) column of C: a matrix–vector product that streams the matrix once instead of
     * packing it. The vector operand is copied to per-thread scratch when it is strided.
     */
    private void gemv(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment a, long aOff,
                      int lda, MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff,
                      int threads) {
        boolean row = m == 1;
        int outputs = row ? n : m;
        // the vector x: row 0 of op(A), or column 0 of op(B)
        MemorySegment xs = row ? a : b;
        long xOff = row ? aOff : bOff;
        int xStride = row ? (transA ? lda : 1) : (transB ? 1 : ldb);
        if (xStride != 1 && k > 1) {
            MemorySegment tmp = vector.floats(k);
            for (int p = 0; p < k; p++) {
                tmp.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, p,
                        xs.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, (xOff + (long) p * xStride) * Float.BYTES));
            }
            xs = tmp;
            xOff = 0;
        }
        // the matrix: op(B) for a row of C, op(A) for a column; rows along k take dot products, rows along the
        // outputs take axpys
        MemorySegment ms = row ? b : a;
        long mOff = row ? bOff : aOff;
        int ld = row ? ldb : lda;
        boolean dots = row ? transB : !transA;
        MemorySegment x = xs;
        long xo = xOff;
        WorkerPool.RangeTask task = (from, to) -> {
            int j0 = from * GEMV_BLOCK, j1 = Math.min(outputs, to * GEMV_BLOCK);
            if (dots) {
                Gemv.dots(k, alpha, ms, mOff, ld, x, xo, beta, c, cOff, j0, j1);
            } else {
                Gemv.axpys(k, alpha, ms, mOff, ld, x, xo, beta, c, cOff, j0, j1);
            }
        };
        int blocks = ceilDiv(outputs, GEMV_BLOCK);
        if (threads <= 1 || (long) outputs * k < PARALLEL_MIN_FMAS) {
            task.run(0, blocks);
        } else {
            pool.parallelFor(blocks, 1, task);
        }
    }

    /**
     * Chooses tm × tn rectangles (tm·tn ≤ threads) minimising the slowest rectangle's cost: its multiply-adds plus
     * the packing of its A rows (none when the block is narrow enough to read A in place) and B columns. A float
     * packed by the scalar, strided copies (A, transposed B) costs about 20 multiply-adds, one copied by vectors
     * (B) about 4 — so two threads on a square product split the rows, each packing half of A.
     * Returns tm in the high and tn in the low 16 bits (no array: the steady state allocates nothing here).
     */
    static int split(int tilesM, int tilesN, int k, int threads, boolean transB) {
        double bCost = transB ? 20.0 : 4.0;
        int bestM = 1, bestN = 1;
        double best = Double.MAX_VALUE;
        for (int tm = 1; tm <= Math.min(threads, tilesM); tm++) {
            for (int tn = 1; tm * tn <= threads && tn <= tilesN; tn++) {
                double rm = (double) ceilDiv(tilesM, tm) * MR, rn = (double) ceilDiv(tilesN, tn) * NR;
                double aPacked = rn <= DIRECT_A_MAX_N ? 0 : rm * Math.ceil(rn / NC);
                double cost = rm * rn * k + k * (20.0 * aPacked + bCost * rn);
                if (cost < best * 0.999) {
                    best = cost;
                    bestM = tm;
                    bestN = tn;
                }
            }
        }
        return bestM << 16 | bestN;
    }

    /** C[i0:i1, j0:j1] on the calling thread: the BLIS loops jc → pc → ic → jr → ir. */
    private void block(boolean transA, boolean transB, int k, float alpha, MemorySegment a, long aOff, int lda,
                       MemorySegment b, long bOff, int ldb, float beta, MemorySegment c, long cOff, int ldc,
                       int i0, int i1, int j0, int j1) {
        int kcMax = Math.min(KC, k);
        MemorySegment bufB = packB.floats((long) kcMax * Math.min(NC, ceilDiv(j1 - j0, NR) * NR));
        long aFloats = (long) kcMax * Math.min(MC, ceilDiv(i1 - i0, MR) * MR);
        // the A block, then one MR×NR tile of accumulators for the micro-kernel's epilogue
        MemorySegment bufA = packA.floats(aFloats + MR * NR);
        long accByte = aFloats * Float.BYTES;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += KC) {
                int kc = Math.min(KC, k - pc);
                float betaHere = pc == 0 ? beta : 1f;
                GemmPacking.packB(bufB, b, bOff, ldb, transB, pc, kc, jc, nc);
                if (nc <= DIRECT_A_MAX_N) {
                    narrow(transA, kc, pc, alpha, a, aOff, lda, bufB, betaHere, c, cOff, ldc, i0, i1, jc, nc,
                            bufA, accByte);
                    continue;
                }
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    GemmPacking.packA(bufA, a, aOff, lda, transA, ic, mc, pc, kc);
                    for (int jr = 0; jr < nc; jr += NR) {
                        long bByte = (long) jr * kc * Float.BYTES;
                        int nr = Math.min(NR, nc - jr);
                        for (int ir = 0; ir < mc; ir += MR) {
                            GemmMicroKernel.tile(kc, bufA, (long) ir * kc * Float.BYTES, bufB, bByte,
                                    c, cOff + (long) (ic + ir) * ldc + jc + jr, ldc,
                                    Math.min(MR, mc - ir), nr, alpha, betaHere, bufA, accByte);
                        }
                    }
                }
            }
        }
    }

    /**
     * The tiles of a narrow column block (≤ {@link #DIRECT_A_MAX_N} wide) with A read in place.
     */
    private static void narrow(boolean transA, int kc, int pc, float alpha, MemorySegment a, long aOff, int lda,
                               MemorySegment bufB, float beta, MemorySegment c, long cOff, int ldc,
                               int i0, int i1, int jc, int nc, MemorySegment acc, long accByte) {
        long rowStride = (transA ? 1L : lda) * Float.BYTES, step = (transA ? (long) lda : 1L) * Float.BYTES;
        for (int jr = 0; jr < nc; jr += NR) {
            long bByte = (long) jr * kc * Float.BYTES;
            int nr = Math.min(NR, nc - jr);
            for (int i = i0; i < i1; i += MR) {
                int mr = Math.min(MR, i1 - i);
                long at = (aOff + (transA ? (long) pc * lda + i : (long) i * lda + pc)) * Float.BYTES;
                // rows past the edge re-read row 0 of the tile; their results are never stored
                GemmMicroKernel.tileDirectA(kc, a, at, mr > 1 ? rowStride : 0, mr > 2 ? 2 * rowStride : 0,
                        mr > 3 ? 3 * rowStride : 0, mr > 4 ? 4 * rowStride : 0, mr > 5 ? 5 * rowStride : 0, step,
                        bufB, bByte, c, cOff + (long) i * ldc + jc + jr, ldc, mr, nr, alpha, beta, acc, accByte);
            }
        }
    }

    /** C[i0:i1, j0:j1] = beta·C (zero when beta is 0, whatever C held). */
    private static void scale(MemorySegment c, long cOff, int ldc, int i0, int i1, int j0, int j1, float beta) {
        for (int i = i0; i < i1; i++) {
            long row = cOff + (long) i * ldc;
            for (int j = j0; j < j1; j++) {
                long at = (row + j) * Float.BYTES;
                c.set(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, at, beta == 0f ? 0f
                        : beta * c.get(java.lang.foreign.ValueLayout.JAVA_FLOAT_UNALIGNED, at));
            }
        }
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /** The native segment of a contiguous F32 CPU tensor, or a clear error naming the operand. */
    static MemorySegment segment(String op, String operand, Tensor t) {
        if (t.dtype() != DType.F32 || !(t.storage() instanceof CpuStorage s)) {
            throw new IllegalArgumentException(op + ": " + operand + " " + t.describe()
                    + " must be an F32 tensor in CPU memory");
        }
        if (!t.isContiguous()) {
            throw new IllegalArgumentException(op + ": " + operand + " " + t.describe() + " must be contiguous");
        }
        return s.segment();
    }
}
