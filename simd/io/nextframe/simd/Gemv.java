package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Matrix–vector products for GEMMs with one output row or column (batch-1 linear and recurrent layers): packing a
 * whole matrix for a single row of C would cost more than the product, so these kernels stream the matrix once.
 * Both take a contiguous vector x of length k and write outputs [j0, j1) of y = alpha·(M·x) + beta·y, where
 * <ul>
 *   <li>{@link #dots}: M's rows are contiguous along k (row j at {@code m + j·ld}); one dot product per output,
 *       lane-wise partial sums reduced in a fixed order;</li>
 *   <li>{@link #axpys}: M's rows are contiguous along the outputs (row p at {@code m + p·ld}); outputs accumulate
 *       x[p]·row p for p in order.</li>
 * </ul>
 * Each output's arithmetic depends only on the shapes, never on how outputs are split over threads.
 * Offsets are in elements; y is contiguous from {@code yOff}.
 */
final class Gemv {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private Gemv() {
    }

    static void dots(int k, float alpha, MemorySegment m, long mOff, int ld, MemorySegment x, long xOff,
                     float beta, MemorySegment y, long yOff, int j0, int j1) {
        long xb = xOff * Float.BYTES, step = (long) ld * Float.BYTES;
        int j = j0;
        // four rows at a time share each load of x; every row's own sum runs exactly as in the one-row loop
        for (; j <= j1 - 4; j += 4) {
            long r0 = (mOff + (long) j * ld) * Float.BYTES, r1 = r0 + step, r2 = r1 + step, r3 = r2 + step;
            FloatVector a0 = FloatVector.zero(SPECIES), a1 = a0, a2 = a0, a3 = a0;
            int p = 0;
            for (; p <= k - L; p += L) {
                long o = (long) p * Float.BYTES;
                FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, xb + o, ORDER);
                a0 = FloatVector.fromMemorySegment(SPECIES, m, r0 + o, ORDER).fma(xv, a0);
                a1 = FloatVector.fromMemorySegment(SPECIES, m, r1 + o, ORDER).fma(xv, a1);
                a2 = FloatVector.fromMemorySegment(SPECIES, m, r2 + o, ORDER).fma(xv, a2);
                a3 = FloatVector.fromMemorySegment(SPECIES, m, r3 + o, ORDER).fma(xv, a3);
            }
            if (p < k) {
                VectorMask<Float> mask = SPECIES.indexInRange(p, k);
                long o = (long) p * Float.BYTES;
                FloatVector xv = FloatVector.fromMemorySegment(SPECIES, x, xb + o, ORDER, mask);
                a0 = FloatVector.fromMemorySegment(SPECIES, m, r0 + o, ORDER, mask).fma(xv, a0);
                a1 = FloatVector.fromMemorySegment(SPECIES, m, r1 + o, ORDER, mask).fma(xv, a1);
                a2 = FloatVector.fromMemorySegment(SPECIES, m, r2 + o, ORDER, mask).fma(xv, a2);
                a3 = FloatVector.fromMemorySegment(SPECIES, m, r3 + o, ORDER, mask).fma(xv, a3);
            }
            store(y, yOff + j, LaneSum.sum(a0), alpha, beta);
            store(y, yOff + j + 1, LaneSum.sum(a1), alpha, beta);
            store(y, yOff + j + 2, LaneSum.sum(a2), alpha, beta);
            store(y, yOff + j + 3, LaneSum.sum(a3), alpha, beta);
        }
        for (; j < j1; j++) {
            long r0 = (mOff + (long) j * ld) * Float.BYTES;
            FloatVector a0 = FloatVector.zero(SPECIES);
            int p = 0;
            for (; p <= k - L; p += L) {
                long o = (long) p * Float.BYTES;
                a0 = FloatVector.fromMemorySegment(SPECIES, m, r0 + o, ORDER)
                        .fma(FloatVector.fromMemorySegment(SPECIES, x, xb + o, ORDER), a0);
            }
            if (p < k) {
                VectorMask<Float> mask = SPECIES.indexInRange(p, k);
                long o = (long) p * Float.BYTES;
                a0 = FloatVector.fromMemorySegment(SPECIES, m, r0 + o, ORDER, mask)
                        .fma(FloatVector.fromMemorySegment(SPECIES, x, xb + o, ORDER, mask), a0);
            }
            store(y, yOff + j, LaneSum.sum(a0), alpha, beta);
        }
    }

    private static void store(MemorySegment y, long at, float s, float alpha, float beta) {
        long b = at * Float.BYTES;
        y.set(F, b, beta == 0f ? alpha * s : Math.fma(beta, y.get(F, b), alpha * s));
    }

    static void axpys(int k, float alpha, MemorySegment m, long mOff, int ld, MemorySegment x, long xOff,
                      float beta, MemorySegment y, long yOff, int j0, int j1) {
        for (int j = j0; j < j1; j += L) {
            VectorMask<Float> mask = SPECIES.indexInRange(j, j1);
            FloatVector acc = FloatVector.zero(SPECIES);
            long col = (mOff + j) * Float.BYTES, step = (long) ld * Float.BYTES;
            for (int p = 0; p < k; p++) {
                FloatVector xp = FloatVector.broadcast(SPECIES, x.get(F, (xOff + p) * Float.BYTES));
                acc = FloatVector.fromMemorySegment(SPECIES, m, col + p * step, ORDER, mask).fma(xp, acc);
            }
            acc = acc.mul(alpha);
            long at = (yOff + j) * Float.BYTES;
            if (beta != 0f) {
                acc = FloatVector.fromMemorySegment(SPECIES, y, at, ORDER, mask)
                        .fma(FloatVector.broadcast(SPECIES, beta), acc);
            }
            acc.intoMemorySegment(y, at, ORDER, mask);
        }
    }
}
