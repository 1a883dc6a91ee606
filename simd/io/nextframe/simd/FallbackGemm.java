package io.nextframe.simd;

import io.nextframe.core.Tensor;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * TEMPORARY stand-in for {@code SimdGemm} (register-blocked, packed; written on another branch) with the same
 * constructor and method, so {@link SimdKernels} swaps it out by changing one line. A simple, correct, unblocked
 * Vector API GEMM: one task per row of C; without transB each row is a sum of scaled rows of B (axpy along N),
 * with transB each element is a dot product of two contiguous rows.
 */
final class FallbackGemm {
    private final WorkerPool pool;

    FallbackGemm(WorkerPool pool) {
        this.pool = pool;
    }

    /** C = α·op(A)·op(B) + β·C, rank 2 or batched rank 3 (A's or B's batch may be 1 and broadcast). */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int o = c.rank() - 2;
        int batch = o == 0 ? 1 : c.dim(0);
        int m = c.dim(o), n = c.dim(o + 1), k = transA ? a.dim(o) : a.dim(o + 1);
        long aStep = o == 1 && a.dim(0) > 1 ? (long) m * k : 0, bStep = o == 1 && b.dim(0) > 1 ? (long) k * n : 0;
        MemorySegment as = Vec.seg(a), bs = Vec.seg(b), cs = Vec.seg(c);
        pool.parallelFor(batch * m, grain(n, k), (from, to) -> {
            for (int r = from; r < to; r++) {
                int bi = r / m, i = r % m;
                row(transA, transB, m, n, k, alpha, as, a.offset() + bi * aStep, bs, b.offset() + bi * bStep, beta,
                        cs, c.offset() + (long) bi * m * n, i);
            }
        });
    }

    /**
     * The same product on raw row-major matrices (A is M×K, or K×M with transA; B is K×N, or N×K with transB),
     * parallel over the rows of C. Used by {@link FallbackConv}.
     */
    void raw(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment as, long ao,
             MemorySegment bs, long bo, float beta, MemorySegment cs, long co) {
        pool.parallelFor(m, grain(n, k), (from, to) -> {
            for (int i = from; i < to; i++) {
                row(transA, transB, m, n, k, alpha, as, ao, bs, bo, beta, cs, co, i);
            }
        });
    }

    private static int grain(int n, int k) {
        return (int) Math.max(1, Vec.BLOCK / Math.max(1, (long) n * k));
    }

    /** Row i of C. */
    private static void row(boolean transA, boolean transB, int m, int n, int k, float alpha, MemorySegment as,
                            long ao, MemorySegment bs, long bo, float beta, MemorySegment cs, long co, int i) {
        long cr = co + (long) i * n;
        if (transB) {
            for (int j = 0; j < n; j++) {
                float dot = dot(transA, m, k, as, ao, i, bs, bo + (long) j * k);
                float prior = beta == 0f ? 0f : beta * Vec.get(cs, cr + j);
                Vec.set(cs, cr + j, alpha * dot + prior);
            }
            return;
        }
        // C[i,:] = β·C[i,:] (or 0, ignoring NaN, when β = 0), then += (α·A[i,p])·B[p,:] for p in order
        int bound = F.loopBound(n);
        if (beta == 0f) {
            SimdPool.zero(cs, cr, n);
        } else if (beta != 1f) {
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromMemorySegment(F, cs, (cr + j) << 2, ORDER).mul(beta)
                        .intoMemorySegment(cs, (cr + j) << 2, ORDER);
            }
            for (; j < n; j++) {
                Vec.set(cs, cr + j, Vec.get(cs, cr + j) * beta);
            }
        }
        for (int p = 0; p < k; p++) {
            float av = alpha * Vec.get(as, ao + (transA ? (long) p * m + i : (long) i * k + p));
            FloatVector va = FloatVector.broadcast(F, av);
            long br = bo + (long) p * n;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector.fromMemorySegment(F, bs, (br + j) << 2, ORDER)
                        .fma(va, FloatVector.fromMemorySegment(F, cs, (cr + j) << 2, ORDER))
                        .intoMemorySegment(cs, (cr + j) << 2, ORDER);
            }
            for (; j < n; j++) {
                Vec.set(cs, cr + j, Math.fma(Vec.get(bs, br + j), av, Vec.get(cs, cr + j)));
            }
        }
    }

    /** Σ_p op(A)[i,p]·B'[p] with B' a contiguous row of length k. */
    private static float dot(boolean transA, int m, int k, MemorySegment as, long ao, int i, MemorySegment bs,
                             long br) {
        if (transA) {
            float s = 0f;
            for (int p = 0; p < k; p++) {
                s = Math.fma(Vec.get(as, ao + (long) p * m + i), Vec.get(bs, br + p), s);
            }
            return s;
        }
        long ar = ao + (long) i * k;
        FloatVector acc = FloatVector.zero(F);
        int p = 0;
        for (int bound = F.loopBound(k); p < bound; p += L) {
            acc = FloatVector.fromMemorySegment(F, as, (ar + p) << 2, ORDER)
                    .fma(FloatVector.fromMemorySegment(F, bs, (br + p) << 2, ORDER), acc);
        }
        float s = Vec.sum(acc);
        for (; p < k; p++) {
            s = Math.fma(Vec.get(as, ar + p), Vec.get(bs, br + p), s);
        }
        return s;
    }
}
