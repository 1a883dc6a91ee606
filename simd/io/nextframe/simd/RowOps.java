package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/** Vector loops over one contiguous row of floats (offsets in elements), for the steps around a lowered GEMM. */
final class RowOps {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    private RowOps() {
    }

    /** seg[at + i] += b for i < count. */
    static void addScalar(MemorySegment seg, long at, int count, float b) {
        if (b == 0f) {
            return;
        }
        FloatVector bv = FloatVector.broadcast(SPECIES, b);
        int i = 0;
        for (; i <= count - L; i += L) {
            long o = (at + i) * Float.BYTES;
            FloatVector.fromMemorySegment(SPECIES, seg, o, ORDER).add(bv).intoMemorySegment(seg, o, ORDER);
        }
        for (; i < count; i++) {
            long o = (at + i) * Float.BYTES;
            seg.set(F, o, seg.get(F, o) + b);
        }
    }

    /** dst[d + i] += src[s + i] for i < count. */
    static void addVector(MemorySegment src, long s, MemorySegment dst, long d, int count) {
        int i = 0;
        for (; i <= count - L; i += L) {
            long o = (d + i) * Float.BYTES;
            FloatVector.fromMemorySegment(SPECIES, dst, o, ORDER)
                    .add(FloatVector.fromMemorySegment(SPECIES, src, (s + i) * Float.BYTES, ORDER))
                    .intoMemorySegment(dst, o, ORDER);
        }
        for (; i < count; i++) {
            long o = (d + i) * Float.BYTES;
            dst.set(F, o, dst.get(F, o) + src.get(F, (s + i) * Float.BYTES));
        }
    }

    /** dst[d + i] = src[s + i] + b for i < count. */
    static void copyAdd(MemorySegment src, long s, MemorySegment dst, long d, int count, float b) {
        FloatVector bv = FloatVector.broadcast(SPECIES, b);
        int i = 0;
        for (; i <= count - L; i += L) {
            FloatVector.fromMemorySegment(SPECIES, src, (s + i) * Float.BYTES, ORDER).add(bv)
                    .intoMemorySegment(dst, (d + i) * Float.BYTES, ORDER);
        }
        for (; i < count; i++) {
            dst.set(F, (d + i) * Float.BYTES, src.get(F, (s + i) * Float.BYTES) + b);
        }
    }

    /** Σ seg[at + i], i < count, in a fixed order (lane-wise partial sums, then the lanes, then the tail). */
    static float sum(MemorySegment seg, long at, int count) {
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i <= count - L; i += L) {
            acc = acc.add(FloatVector.fromMemorySegment(SPECIES, seg, (at + i) * Float.BYTES, ORDER));
        }
        float s = LaneSum.sum(acc);
        for (; i < count; i++) {
            s += seg.get(F, (at + i) * Float.BYTES);
        }
        return s;
    }
}
