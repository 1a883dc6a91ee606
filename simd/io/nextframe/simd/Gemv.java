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
        for (int j = j0; j < j1; j++) {
            long row = (mOff + (long) j * ld) * Float.BYTES, xb = xOff * Float.BYTES;
            FloatVector acc0 = FloatVector.zero(SPECIES), acc1 = acc0;
            int p = 0;
            for (; p <= k - 2 * L; p += 2 * L) {
                long o = (long) p * Float.BYTES;
                acc0 = FloatVector.fromMemorySegment(SPECIES, m, row + o, ORDER)
                        .fma(FloatVector.fromMemorySegment(SPECIES, x, xb + o, ORDER), acc0);
                acc1 = FloatVector.fromMemorySegment(SPECIES, m, row + o + (long) L * Float.BYTES, ORDER)
                        .fma(FloatVector.fromMemorySegment(SPECIES, x, xb + o + (long) L * Float.BYTES, ORDER), acc1);
            }
            for (; p < k; p += L) {
                VectorMask<Float> mask = SPECIES.indexInRange(p, k);
                long o = (long) p * Float.BYTES;
                acc0 = FloatVector.fromMemorySegment(SPECIES, m, row + o, ORDER, mask)
                        .fma(FloatVector.fromMemorySegment(SPECIES, x, xb + o, ORDER, mask), acc0);
            }
            float s = LaneSum.sum(acc0.add(acc1));
            long at = (yOff + j) * Float.BYTES;
            y.set(F, at, beta == 0f ? alpha * s : Math.fma(beta, y.get(F, at), alpha * s));
        }
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
