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
        long rowAt = at;
        for (int kd = 0; kd < g.kD; kd++) {
            for (int kh = 0; kh < g.kH; kh++) {
                for (int kw = 0; kw < g.kW; kw++, rowAt += ldcol) {
                    int iw0 = kw * g.dW - g.pW;
                    long o = rowAt;
                    for (int s = s0, end = s0 + len; s < end; ) {
                        int od = s / hw, rem = s - od * hw, oh = rem / g.outW, ow = rem - oh * g.outW;
                        int run = Math.min(g.outW - ow, end - s);
                        int id = od * g.sD - g.pD + kd * g.dD, ih = oh * g.sH - g.pH + kh * g.dH;
                        if (id < 0 || id >= g.inD || ih < 0 || ih >= g.inH) {
                            zero(col, o, run);
                        } else {
                            long xRow = plane + ((long) id * g.inH + ih) * g.inW;
                            int lo = validFrom(iw0, g.sW, ow, run), hi = validTo(iw0, g.sW, g.inW, lo, ow + run);
                            zero(col, o, lo - ow);
                            copy(x, xRow + iw0 + (long) lo * g.sW, g.sW, col, o + lo - ow, hi - lo);
                            zero(col, o + hi - ow, ow + run - hi);
                        }
                        s += run;
                        o += run;
                    }
                }
            }
        }
    }

    /** Adds rows {@code col[at + r·ldcol …]} (columns [0, len) = positions [s0, s0+len)) into plane {@code dx[plane…]}. */
    static void raise(ConvShape g, MemorySegment col, long at, int ldcol, int s0, int len,
                      MemorySegment dx, long plane) {
        int hw = g.outH * g.outW;
        long rowAt = at;
        for (int kd = 0; kd < g.kD; kd++) {
            for (int kh = 0; kh < g.kH; kh++) {
                for (int kw = 0; kw < g.kW; kw++, rowAt += ldcol) {
                    int iw0 = kw * g.dW - g.pW;
                    long o = rowAt;
                    for (int s = s0, end = s0 + len; s < end; ) {
                        int od = s / hw, rem = s - od * hw, oh = rem / g.outW, ow = rem - oh * g.outW;
                        int run = Math.min(g.outW - ow, end - s);
                        int id = od * g.sD - g.pD + kd * g.dD, ih = oh * g.sH - g.pH + kh * g.dH;
                        if (id >= 0 && id < g.inD && ih >= 0 && ih < g.inH) {
                            long xRow = plane + ((long) id * g.inH + ih) * g.inW;
                            int lo = validFrom(iw0, g.sW, ow, run), hi = validTo(iw0, g.sW, g.inW, lo, ow + run);
                            addInto(col, o + lo - ow, dx, xRow + iw0 + (long) lo * g.sW, g.sW, hi - lo);
                        }
                        s += run;
                        o += run;
                    }
                }
            }
        }
    }

    /** First ow in [ow, ow+run) whose input column iw0 + ow·stride is ≥ 0. */
    private static int validFrom(int iw0, int stride, int ow, int run) {
        int lo = iw0 >= 0 ? 0 : (-iw0 + stride - 1) / stride;
        return Math.min(Math.max(lo, ow), ow + run);
    }

    /** One past the last ow below {@code end} whose input column is < inW; at least {@code lo}. */
    private static int validTo(int iw0, int stride, int inW, int lo, int end) {
        int hi = iw0 > inW - 1 ? 0 : (inW - 1 - iw0) / stride + 1;
        return Math.max(lo, Math.min(hi, end));
    }

    static void zero(MemorySegment seg, long at, int count) {
        if (count <= 0) {
            return;
        }
        int i = 0;
        if (count >= L) {
            FloatVector z = FloatVector.zero(SPECIES);
            for (; i <= count - L; i += L) {
                z.intoMemorySegment(seg, (at + i) * Float.BYTES, ORDER);
            }
        }
        for (; i < count; i++) {
            seg.set(F, (at + i) * Float.BYTES, 0f);
        }
    }

    /** dst[d + i] = src[s + i·stride] for i < count. */
    private static void copy(MemorySegment src, long s, int stride, MemorySegment dst, long d, int count) {
        if (count <= 0) {
            return;
        }
        if (stride == 1) {
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
            return;
        }
        for (int i = 0; i < count; i++) {
            dst.set(F, (d + i) * Float.BYTES, src.get(F, (s + (long) i * stride) * Float.BYTES));
        }
    }

    /** dst[d + i·stride] += src[s + i] for i < count. */
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
