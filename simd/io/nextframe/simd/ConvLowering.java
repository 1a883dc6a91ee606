package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * im2col and its adjoint for one channel plane. {@link #lower} writes the kVol rows (one per kernel tap, in
 * (kd, kh, kw) order) of the lowered matrix that belong to one input plane, for output positions
 * [s0, s0 + len); {@link #raise} adds such rows back into an input plane (the col2im accumulation). The caller owns
 * the plane it raises into, so the accumulation is never shared between threads, and its order — tap by tap, each
 * over the positions in order — is fixed by the shape alone.
 * All offsets are in elements (floats).
 */
final class ConvLowering {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;


    private ConvLowering() {
    }

    /** Lowers input plane {@code x[plane…]} into rows {@code col[at + r·ldcol …]}, r < kVol, columns [0, len). */
    static void lower(ConvShape g, MemorySegment x, long plane, MemorySegment col, long at, int ldcol,
                      int s0, int len) {
        int hw = g.outH * g.outW;
        int od0 = s0 / hw, oh0 = (s0 - od0 * hw) / g.outW, ow0 = s0 - od0 * hw - oh0 * g.outW;
        long rowAt = at;
        for (int kd = 0; kd < g.kD; kd++) {
            for (int kh = 0; kh < g.kH; kh++) {
                for (int kw = 0; kw < g.kW; kw++, rowAt += ldcol) {
                    // the output columns whose input column is inside the plane: the same on every output row
                    int iw0 = kw * g.dW - g.pW;
                    int lo = validFrom(iw0, g.sW, g.outW), hi = validTo(iw0, g.sW, g.inW, g.outW, lo);
                    long o = rowAt;
                    int od = od0, oh = oh0, ow = ow0;
                    for (int left = len; left > 0; ) {
                        int run = Math.min(g.outW - ow, left);
                        int id = od * g.sD - g.pD + kd * g.dD, ih = oh * g.sH - g.pH + kh * g.dH;
                        if (id < 0 || id >= g.inD || ih < 0 || ih >= g.inH) {
                            zero(col, o, run);
                        } else {
                            long xRow = plane + ((long) id * g.inH + ih) * g.inW;
                            int a = Math.min(Math.max(lo, ow), ow + run), b = Math.max(a, Math.min(hi, ow + run));
                            zero(col, o, a - ow);
                            copy(x, xRow + iw0 + (long) a * g.sW, g.sW, col, o + a - ow, b - a);
                            zero(col, o + b - ow, ow + run - b);
                        }
                        left -= run;
                        o += run;
                        ow = 0;
                        if (++oh == g.outH) {
                            oh = 0;
                            od++;
                        }
                    }
                }
            }
        }
    }

    /** Adds rows {@code col[at + r·ldcol …]} (columns [0, len) = positions [s0, s0+len)) into plane {@code dx[plane…]}. */
    static void raise(ConvShape g, MemorySegment col, long at, int ldcol, int s0, int len,
                      MemorySegment dx, long plane) {
        int hw = g.outH * g.outW;
        int od0 = s0 / hw, oh0 = (s0 - od0 * hw) / g.outW, ow0 = s0 - od0 * hw - oh0 * g.outW;
        long rowAt = at;
        for (int kd = 0; kd < g.kD; kd++) {
            for (int kh = 0; kh < g.kH; kh++) {
                for (int kw = 0; kw < g.kW; kw++, rowAt += ldcol) {
                    int iw0 = kw * g.dW - g.pW;
                    int lo = validFrom(iw0, g.sW, g.outW), hi = validTo(iw0, g.sW, g.inW, g.outW, lo);
                    long o = rowAt;
                    int od = od0, oh = oh0, ow = ow0;
                    for (int left = len; left > 0; ) {
                        int run = Math.min(g.outW - ow, left);
                        int id = od * g.sD - g.pD + kd * g.dD, ih = oh * g.sH - g.pH + kh * g.dH;
                        if (id >= 0 && id < g.inD && ih >= 0 && ih < g.inH) {
                            long xRow = plane + ((long) id * g.inH + ih) * g.inW;
                            int a = Math.min(Math.max(lo, ow), ow + run), b = Math.max(a, Math.min(hi, ow + run));
                            addInto(col, o + a - ow, dx, xRow + iw0 + (long) a * g.sW, g.sW, b - a);
                        }
                        left -= run;
                        o += run;
                        ow = 0;
                        if (++oh == g.outH) {
                            oh = 0;
                            od++;
                        }
                    }
                }
            }
        }
    }

    /** First output column ow whose input column iw0 + ow·stride is ≥ 0 (at most outW). */
    private static int validFrom(int iw0, int stride, int outW) {
        return Math.min(outW, iw0 >= 0 ? 0 : (-iw0 + stride - 1) / stride);
    }

    /** One past the last output column whose input column is < inW; at least {@code lo}, at most outW. */
    private static int validTo(int iw0, int stride, int inW, int outW, int lo) {
        int hi = iw0 > inW - 1 ? 0 : (inW - 1 - iw0) / stride + 1;
        return Math.max(lo, Math.min(hi, outW));
    }

    static void zero(MemorySegment seg, long at, int count) {
        if (count <= 0) {
            return;
        }
        FloatVector z = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i <= count - L; i += L) {
            z.intoMemorySegment(seg, (at + i) * Float.BYTES, ORDER);
        }
        for (; i < count; i++) {
            seg.set(F, (at + i) * Float.BYTES, 0f);   // scalar tail: masks are fragile under C1 (see copy)
        }
    }

    /**
     * dst[d + i] = src[s + i·stride] for i < count. Strided copies are scalar on purpose: a vector deinterleave
     * (two-vector rearrange, masked tails) made this method too big for C1 ("out of virtual registers"), so it ran
     * interpreted until C2 got to it, and in some JVMs C2's copy then missed its vector intrinsics and ran the Java
     * fallbacks for the whole run — 2× slower SVG inference in 3 of 4 JVMs. A row here is one output row (≤ 64
     * values), where the scalar loop costs little next to the GEMM that reads the lowered matrix.
     */
    private static void copy(MemorySegment src, long s, int stride, MemorySegment dst, long d, int count) {
        if (count <= 0) {
            return;
        }
        if (stride == 1) {
            copyContiguous(src, s, dst, d, count);
            return;
        }
        for (int i = 0; i < count; i++) {
            dst.set(F, (d + i) * Float.BYTES, src.get(F, (s + (long) i * stride) * Float.BYTES));
        }
    }

    private static void copyContiguous(MemorySegment src, long s, MemorySegment dst, long d, int count) {
        if (count >= 64) {
            MemorySegment.copy(src, s * Float.BYTES, dst, d * Float.BYTES, (long) count * Float.BYTES);
            return;
        }
        int i = 0;
        for (; i <= count - L; i += L) {
            FloatVector.fromMemorySegment(SPECIES, src, (s + i) * Float.BYTES, ORDER)
                    .intoMemorySegment(dst, (d + i) * Float.BYTES, ORDER);
        }
        for (; i < count; i++) {
            dst.set(F, (d + i) * Float.BYTES, src.get(F, (s + i) * Float.BYTES));
        }
    }

    /** dst[d + i·stride] += src[s + i] for i < count; strided rows scalar, as {@link #copy}. */
    private static void addInto(MemorySegment src, long s, MemorySegment dst, long d, int stride, int count) {
        int i = 0;
        if (stride == 1) {
            for (; i <= count - L; i += L) {
                long db = (d + i) * Float.BYTES;
                FloatVector.fromMemorySegment(SPECIES, dst, db, ORDER)
                        .add(FloatVector.fromMemorySegment(SPECIES, src, (s + i) * Float.BYTES, ORDER))
                        .intoMemorySegment(dst, db, ORDER);
            }
        }
        for (; i < count; i++) {
            long db = (d + (long) i * stride) * Float.BYTES;
            dst.set(F, db, dst.get(F, db) + src.get(F, (s + i) * Float.BYTES));
        }
    }
}
