package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The register-blocked SGEMM micro-kernel: an {@link #MR}×{@link #NR} tile of C (6 rows × two vectors) held in twelve
 * accumulators while it walks a packed A micro-panel and a packed B micro-panel, one outer product per k step:
 * broadcast one A value per row, FMA it against the two B vectors of that step.
 *
 * <p>The tile's k steps run in order from zero, so an element of C gets the same sequence of fused multiply-adds
 * whichever tile or thread computes it; edge tiles (fewer rows, fewer columns) run the same arithmetic on
 * zero-padded panels and store through a mask. That is what makes results independent of the thread count.
 */
final class GemmMicroKernel {
    /** Must be a constant: a species passed around as a value makes C2 give up on intrinsics (≈ 20× slower). */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int L = SPECIES.length();
    /** Rows of the tile. */
    static final int MR = 6;
    /** Columns of the tile: two vectors. */
    static final int NR = 2 * L;

    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;
    private static final long VB = (long) L * Float.BYTES;

    private GemmMicroKernel() {
    }

    /**
     * C[0:mr, 0:nr] = alpha·(A·B) + beta·C over {@code kc} steps, where A is the packed micro-panel at byte
     * {@code aByte} of {@code ap} (kc groups of MR floats) and B the one at {@code bByte} of {@code bp}
     * (kc groups of NR floats). C starts at element {@code cIndex} of {@code c} with row stride {@code ldc};
     * with beta = 0 it is not read (so NaN there does not leak). {@code acc} (from byte {@code accByte}) is an
     * MR×NR scratch tile: the accumulators go there first, so the hot loop stays small enough for C2 to keep
     * all twelve in registers (inlining twelve vector epilogues into it overflowed C2's node budget and boxed them).
     */
    static void tile(int kc, MemorySegment ap, long aByte, MemorySegment bp, long bByte,
                     MemorySegment c, long cIndex, int ldc, int mr, int nr, float alpha, float beta,
                     MemorySegment acc, long accByte) {
        accumulate(kc, ap, aByte, bp, bByte, acc, accByte);
        long row = cIndex * Float.BYTES, step = (long) ldc * Float.BYTES;
        if (nr == NR) {
            for (int r = 0; r < mr; r++, row += step) {
                store(c, row, acc, accByte + (long) r * NR * Float.BYTES, alpha, beta);
            }
        } else {
            VectorMask<Float> m0 = SPECIES.indexInRange(0, nr), m1 = SPECIES.indexInRange(L, nr);
            for (int r = 0; r < mr; r++, row += step) {
                storeMasked(c, row, acc, accByte + (long) r * NR * Float.BYTES, m0, m1, alpha, beta);
            }
        }
    }

    /**
     * As {@link #tile}, but reading A in place instead of from a packed panel: row r of the tile at byte
     * {@code aByte + rowOff[r]} and consecutive k steps {@code aStep} bytes apart. Used when C is narrow enough that
     * packing A would cost more than it saves (each A element serves only a few micro-panels of B).
     * Rows past {@code mr} must point at a valid row (their results are discarded).
     */
    static void tileDirectA(int kc, MemorySegment a, long aByte, long o1, long o2, long o3, long o4, long o5,
                            long aStep, MemorySegment bp, long bByte, MemorySegment c, long cIndex, int ldc,
                            int mr, int nr, float alpha, float beta, MemorySegment acc, long accByte) {
        accumulateDirect(kc, a, aByte, o1, o2, o3, o4, o5, aStep, bp, bByte, acc, accByte);
        long row = cIndex * Float.BYTES, step = (long) ldc * Float.BYTES;
        if (nr == NR) {
            for (int r = 0; r < mr; r++, row += step) {
                store(c, row, acc, accByte + (long) r * NR * Float.BYTES, alpha, beta);
            }
        } else {
            VectorMask<Float> m0 = SPECIES.indexInRange(0, nr), m1 = SPECIES.indexInRange(L, nr);
            for (int r = 0; r < mr; r++, row += step) {
                storeMasked(c, row, acc, accByte + (long) r * NR * Float.BYTES, m0, m1, alpha, beta);
            }
        }
    }

    private static void accumulateDirect(int kc, MemorySegment ap, long a, long o1, long o2, long o3, long o4,
                                         long o5, long aStep, MemorySegment bp, long bByte,
                                         MemorySegment acc, long accByte) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        long b = bByte;
        for (int p = 0; p < kc; p++, a += aStep, b += NR * Float.BYTES) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, bp, b, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, bp, b + VB, ORDER);
            FloatVector x = FloatVector.broadcast(SPECIES, ap.get(F, a));
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + o1));
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + o2));
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + o3));
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + o4));
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + o5));
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        spill(acc, accByte, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    /** The outer-product loop: acc[MR][NR] = Σ_p A[p][0:MR] ⊗ B[p][0:NR]. */
    private static void accumulate(int kc, MemorySegment ap, long aByte, MemorySegment bp, long bByte,
                                   MemorySegment acc, long accByte) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        long a = aByte, b = bByte;
        for (int p = 0; p < kc; p++, a += MR * Float.BYTES, b += NR * Float.BYTES) {
            FloatVector b0 = FloatVector.fromMemorySegment(SPECIES, bp, b, ORDER);
            FloatVector b1 = FloatVector.fromMemorySegment(SPECIES, bp, b + VB, ORDER);
            FloatVector x = FloatVector.broadcast(SPECIES, ap.get(F, a));
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + 4));
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + 8));
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + 12));
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + 16));
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(SPECIES, ap.get(F, a + 20));
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
        }
        spill(acc, accByte, c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51);
    }

    private static void spill(MemorySegment acc, long o, FloatVector c00, FloatVector c01, FloatVector c10,
                              FloatVector c11, FloatVector c20, FloatVector c21, FloatVector c30, FloatVector c31,
                              FloatVector c40, FloatVector c41, FloatVector c50, FloatVector c51) {
        long row = 2 * VB;
        c00.intoMemorySegment(acc, o, ORDER);
        c01.intoMemorySegment(acc, o + VB, ORDER);
        c10.intoMemorySegment(acc, o + row, ORDER);
        c11.intoMemorySegment(acc, o + row + VB, ORDER);
        c20.intoMemorySegment(acc, o + 2 * row, ORDER);
        c21.intoMemorySegment(acc, o + 2 * row + VB, ORDER);
        c30.intoMemorySegment(acc, o + 3 * row, ORDER);
        c31.intoMemorySegment(acc, o + 3 * row + VB, ORDER);
        c40.intoMemorySegment(acc, o + 4 * row, ORDER);
        c41.intoMemorySegment(acc, o + 4 * row + VB, ORDER);
        c50.intoMemorySegment(acc, o + 5 * row, ORDER);
        c51.intoMemorySegment(acc, o + 5 * row + VB, ORDER);
    }

    /** One full row of the tile: c = alpha·acc + beta·c, as one fused multiply-add per element when beta ≠ 0. */
    private static void store(MemorySegment c, long at, MemorySegment acc, long from, float alpha, float beta) {
        FloatVector v0 = FloatVector.fromMemorySegment(SPECIES, acc, from, ORDER);
        FloatVector v1 = FloatVector.fromMemorySegment(SPECIES, acc, from + VB, ORDER);
        if (alpha != 1f) {
            v0 = v0.mul(alpha);
            v1 = v1.mul(alpha);
        }
        if (beta != 0f) {
            FloatVector bv = FloatVector.broadcast(SPECIES, beta);
            v0 = FloatVector.fromMemorySegment(SPECIES, c, at, ORDER).fma(bv, v0);
            v1 = FloatVector.fromMemorySegment(SPECIES, c, at + VB, ORDER).fma(bv, v1);
        }
        v0.intoMemorySegment(c, at, ORDER);
        v1.intoMemorySegment(c, at + VB, ORDER);
    }

    /** As {@link #store} for an edge row: lanes outside the masks are neither read nor written in C. */
    private static void storeMasked(MemorySegment c, long at, MemorySegment acc, long from,
                                    VectorMask<Float> m0, VectorMask<Float> m1, float alpha, float beta) {
        FloatVector v0 = FloatVector.fromMemorySegment(SPECIES, acc, from, ORDER);
        FloatVector v1 = FloatVector.fromMemorySegment(SPECIES, acc, from + VB, ORDER);
        if (alpha != 1f) {
            v0 = v0.mul(alpha);
            v1 = v1.mul(alpha);
        }
        if (beta != 0f) {
            FloatVector bv = FloatVector.broadcast(SPECIES, beta);
            v0 = FloatVector.fromMemorySegment(SPECIES, c, at, ORDER, m0).fma(bv, v0);
            v1 = FloatVector.fromMemorySegment(SPECIES, c, at + VB, ORDER, m1).fma(bv, v1);
        }
        v0.intoMemorySegment(c, at, ORDER, m0);
        v1.intoMemorySegment(c, at + VB, ORDER, m1);
    }
}
