package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static io.nextframe.simd.GemmMicroKernel.MR;
import static io.nextframe.simd.GemmMicroKernel.NR;

/**
 * Copies blocks of op(A) and op(B) into the order the micro-kernel walks them: A as micro-panels of {@code MR} rows
 * (for each k, the MR values of one column next to each other), B as micro-panels of {@code NR} columns (for each k,
 * NR values of one row). Rows and columns past the matrix edge are zero-filled so edge tiles run the same kernel.
 * Element indices into the source segments are in floats.
 */
final class GemmPacking {
    private static final VectorSpecies<Float> SPECIES = GemmMicroKernel.SPECIES;
    private static final int L = GemmMicroKernel.L;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private GemmPacking() {
    }

    /**
     * Packs op(A)[i0 : i0+mc, p0 : p0+kc] into {@code dst} (from byte 0) as ⌈mc/MR⌉ micro-panels of kc·MR floats.
     * op(A)(i, p) is {@code a[aOff + i·lda + p]}, or {@code a[aOff + p·lda + i]} when transposed.
     */
    static void packA(MemorySegment dst, MemorySegment a, long aOff, int lda, boolean trans,
                      int i0, int mc, int p0, int kc) {
        long d = 0;
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir);
            if (!trans) {
                // rows are contiguous along k: read each row once, write it with stride MR
                for (int r = 0; r < rows; r++) {
                    long src = (aOff + (long) (i0 + ir + r) * lda + p0) * Float.BYTES;
                    long out = d + (long) r * Float.BYTES;
                    for (int p = 0; p < kc; p++) {
                        dst.set(F, out + (long) p * MR * Float.BYTES, a.get(F, src + (long) p * Float.BYTES));
                    }
                }
            } else {
                // a column of op(A) is contiguous: copy MR values per k
                for (int p = 0; p < kc; p++) {
                    long src = (aOff + (long) (p0 + p) * lda + i0 + ir) * Float.BYTES;
                    long out = d + (long) p * MR * Float.BYTES;
                    for (int r = 0; r < rows; r++) {
                        dst.set(F, out + (long) r * Float.BYTES, a.get(F, src + (long) r * Float.BYTES));
                    }
                }
            }
            if (rows < MR) {
                for (int p = 0; p < kc; p++) {
                    for (int r = rows; r < MR; r++) {
                        dst.set(F, d + ((long) p * MR + r) * Float.BYTES, 0f);
                    }
                }
            }
            d += (long) kc * MR * Float.BYTES;
        }
    }

    /**
     * Packs op(B)[p0 : p0+kc, j0 : j0+nc] into {@code dst} (from byte 0) as ⌈nc/NR⌉ micro-panels of kc·NR floats.
     * op(B)(p, j) is {@code b[bOff + p·ldb + j]}, or {@code b[bOff + j·ldb + p]} when transposed.
     */
    static void packB(MemorySegment dst, MemorySegment b, long bOff, int ldb, boolean trans,
                      int p0, int kc, int j0, int nc) {
        long d = 0;
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            if (!trans) {
                // a row of B is contiguous: two vector copies per k (masked, zero-filling, at the right edge)
                long src = (bOff + (long) p0 * ldb + j0 + jr) * Float.BYTES;
                long rowStep = (long) ldb * Float.BYTES;
                if (cols == NR) {
                    for (int p = 0; p < kc; p++, src += rowStep) {
                        long out = d + (long) p * NR * Float.BYTES;
                        FloatVector.fromMemorySegment(SPECIES, b, src, ORDER).intoMemorySegment(dst, out, ORDER);
                        FloatVector.fromMemorySegment(SPECIES, b, src + L * Float.BYTES, ORDER)
                                .intoMemorySegment(dst, out + L * Float.BYTES, ORDER);
                    }
                } else {
                    VectorMask<Float> m0 = SPECIES.indexInRange(0, cols), m1 = SPECIES.indexInRange(L, cols);
                    for (int p = 0; p < kc; p++, src += rowStep) {
                        long out = d + (long) p * NR * Float.BYTES;
                        FloatVector.fromMemorySegment(SPECIES, b, src, ORDER, m0).intoMemorySegment(dst, out, ORDER);
                        FloatVector.fromMemorySegment(SPECIES, b, src + L * Float.BYTES, ORDER, m1)
                                .intoMemorySegment(dst, out + L * Float.BYTES, ORDER);
                    }
                }
            } else {
                // columns of op(B) are rows of the stored matrix: read each once along k, write with stride NR
                for (int c = 0; c < cols; c++) {
                    long src = (bOff + (long) (j0 + jr + c) * ldb + p0) * Float.BYTES;
                    long out = d + (long) c * Float.BYTES;
                    for (int p = 0; p < kc; p++) {
                        dst.set(F, out + (long) p * NR * Float.BYTES, b.get(F, src + (long) p * Float.BYTES));
                    }
                }
                if (cols < NR) {
                    for (int p = 0; p < kc; p++) {
                        for (int c = cols; c < NR; c++) {
                            dst.set(F, d + ((long) p * NR + c) * Float.BYTES, 0f);
                        }
                    }
                }
            }
            d += (long) kc * NR * Float.BYTES;
        }
    }
}
