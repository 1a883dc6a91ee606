package io.nextframe.opencl;

import io.nextframe.core.Tensor;
import org.jocl.cl_mem;

/**
 * SGEMM: operands are packed into panels (8 rows of op(A), {@link #nr} columns of op(B); transposes, broadcast
 * batches and edge padding all handled by the packing), then kernels/gemm.cl computes blocks of C.
 * Convolution reuses {@link #packA}, {@link #multiply} and the packed-B layout its im2col writes directly.
 *
 * <p>The kernel is chosen by device type ({@link Kernel}); none changes the arithmetic (each C element is one
 * sequential fma chain over k), only the blocking.
 */
final class GemmOps extends ClOps {
    static final int MR = 8;

    /** The GEMM kernel forms. */
    enum Kernel {
        /**
         * CPUs: 8×32 blocks per work-item, sixteen float16 accumulators (keeps both FMA units of an AVX-512 core
         * busy; ≈ 1.3× the 8×16 form with PoCL on the 2-core EPYC). Work-groups of 8 blocks along a row.
         */
        CPU_8X32("sgemm_8x32", 32, new long[] {8, 1, 1}),
        /** Register blocks without local memory: the portable fallback (any work-group limit). */
        BLOCK_8X16("sgemm_8x16", 16, new long[] {16, 1, 1}),
        /** GPUs: 64×64 tiles per 16×16 work-group, k-blocks staged in local memory. */
        GPU_TILE64("sgemm_tile64", 16, new long[] {16, 16, 1});

        final String name;
        final int nr;
        final long[] local;

        Kernel(String name, int nr, long[] local) {
            this.name = name;
            this.nr = nr;
            this.local = local;
        }

        static Kernel forDevice(ClContext ctx) {
            if (!ctx.device().gpu()) {
                return CPU_8X32;
            }
            // the tiled kernel needs its 16×16 work-group (a register-hungry kernel may be allowed fewer)
            long max = ctx.programs().maxWorkGroupSize(ctx.programs().kernel("gemm", GPU_TILE64.name));
            return max >= 256 ? GPU_TILE64 : BLOCK_8X16;
        }
    }

    private final Kernel kernel;
    private final int nr;

    GemmOps(ClContext ctx) {
        this(ctx, Kernel.forDevice(ctx));
    }

    /** With a given kernel form; tests run every form on any device. */
    GemmOps(ClContext ctx, Kernel kernel) {
        super(ctx);
        this.kernel = kernel;
        this.nr = kernel.nr;
    }

    /** Columns per packed-B panel. */
    int nr() {
        return nr;
    }

    /** Where an operand's element (row, k) lives: base + b·batchStride + row·rowStride + segment walk of k. */
    record Source(cl_mem mem, int offset, int batchStride, int rowStride, int kStride, int segment,
                  int segmentStride) {
        /** A plain strided matrix: (row, k) at offset + row·rowStride + k·kStride. */
        static Source matrix(cl_mem mem, int offset, int batchStride, int rowStride, int kStride) {
            return new Source(mem, offset, batchStride, rowStride, kStride, Integer.MAX_VALUE, 0);
        }
    }

    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int o = c.rank() - 2;
        int m = c.dim(o), nn = c.dim(o + 1);
        int k = transA ? a.dim(o) : a.dim(o + 1);
        int batch = o == 1 ? c.dim(0) : 1;
        int batchA = o == 1 ? a.dim(0) : 1, batchB = o == 1 ? b.dim(0) : 1;
        n(a);
        n(b);
        n(c);
        // A is (M,K) or (K,M) row-major; element (m, k) of op(A)
        Source sa = transA ? Source.matrix(mem(a), off(a), batchA == 1 ? 0 : m * k, 1, m)
                : Source.matrix(mem(a), off(a), batchA == 1 ? 0 : m * k, k, 1);
        // B is (K,N) or (N,K); element (n, k) of op(B) as a "row n" of the packed-B layout
        Source sb = transB ? Source.matrix(mem(b), off(b), batchB == 1 ? 0 : k * nn, k, 1)
                : Source.matrix(mem(b), off(b), batchB == 1 ? 0 : k * nn, 1, nn);
        ClBufferPool.Buffer ap = packA(sa, m, k, batchA);
        ClBufferPool.Buffer bp = packB(sb, k, nn, batchB);
        try {
            multiply(m, nn, k, ap.mem(), 0, batchA == 1 ? 0 : paddedRows(m) * k, bp.mem(), 0,
                    batchB == 1 ? 0 : paddedCols(nn) * k, mem(c), off(c), nn, m * nn, batch, alpha, beta);
        } finally {
            release(ap);
            release(bp);
        }
    }

    static int paddedRows(int m) {
        return (int) roundUp(m, MR);
    }

    int paddedCols(int n) {
        return (int) roundUp(n, nr);
    }

    /** Packs {@code batches} M×K matrices into 8-row panels (zeros below M). */
    ClBufferPool.Buffer packA(Source s, int m, int k, int batches) {
        int mp = paddedRows(m);
        ClBufferPool.Buffer ap = scratch((long) batches * mp * k);
        launch("gemm", "pack_a").i(m).i(k).i(mp).mem(s.mem()).i(s.offset()).i(s.batchStride()).i(s.rowStride())
                .i(s.kStride()).i(s.segment()).i(s.segmentStride()).mem(ap.mem())
                .run(new long[] {k, mp, batches}, new long[] {16, 4, 1});
        return ap;
    }

    /** Packs {@code batches} K×N matrices into nr-column panels (zeros right of N); s's "rows" are B's columns. */
    ClBufferPool.Buffer packB(Source s, int k, int n, int batches) {
        int np = paddedCols(n);
        ClBufferPool.Buffer bp = scratch((long) batches * np * k);
        launch("gemm", "pack_b").i(Integer.numberOfTrailingZeros(nr)).i(k).i(n).i(np).mem(s.mem()).i(s.offset())
                .i(s.batchStride()).i(s.kStride())
                .i(s.rowStride()).mem(bp.mem())
                .run(new long[] {np, k, batches}, new long[] {16, 4, 1});
        return bp;
    }

    /** C[b] = α·A[b]·B[b] + β·C[b] on packed operands; a stride of 0 broadcasts an operand over the batch. */
    void multiply(int m, int n, int k, cl_mem ap, int apOff, int apStride, cl_mem bp, int bpOff, int bpStride,
                  cl_mem c, int cOff, int ldc, int cStride, int batch, float alpha, float beta) {
        long[] global = kernel == Kernel.GPU_TILE64
                ? new long[] {roundUp(n, 64) / 4, roundUp(m, 64) / 4, batch} // 16 threads per 64 rows / columns
                : new long[] {paddedCols(n) / nr, paddedRows(m) / MR, batch};
        launch("gemm", kernel.name).i(m).i(n).i(k).mem(ap).i(apOff).i(apStride).mem(bp).i(bpOff).i(bpStride)
                .mem(c).i(cOff).i(ldc).i(cStride).f(alpha).f(beta).run(global, kernel.local);
    }
}
