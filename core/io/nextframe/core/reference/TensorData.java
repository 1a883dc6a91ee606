package io.nextframe.core.reference;

import io.nextframe.core.DType;
import io.nextframe.core.Storage;
import io.nextframe.core.Tensor;
import io.nextframe.core.cpu.CpuStorage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Moves whole tensors between native storage and Java double arrays. Every reference kernel loads its inputs as
 * doubles, computes in double and stores once, so a float32 result is rounded exactly once per element.
 * Kernels receive contiguous tensors whose element i sits at storage element {@code offset() + i}.
 */
final class TensorData {
    private TensorData() {
    }

    static MemorySegment segment(Storage s) {
        return ((CpuStorage) s).segment();
    }

    /** Storage element {@code index} as a double. */
    static double get(Storage s, long index) {
        MemorySegment seg = segment(s);
        return s.dtype() == DType.F32 ? seg.getAtIndex(ValueLayout.JAVA_FLOAT, index)
                : seg.getAtIndex(ValueLayout.JAVA_DOUBLE, index);
    }

    /** Stores {@code v} at storage element {@code index}, rounded to float for F32 storage. */
    static void set(Storage s, long index, double v) {
        MemorySegment seg = segment(s);
        if (s.dtype() == DType.F32) {
            seg.setAtIndex(ValueLayout.JAVA_FLOAT, index, (float) v);
        } else {
            seg.setAtIndex(ValueLayout.JAVA_DOUBLE, index, v);
        }
    }

    /** The elements of a contiguous tensor, row-major; null in, null out (optional operands). */
    static double[] load(Tensor t) {
        if (t == null) {
            return null;
        }
        double[] v = new double[Math.toIntExact(t.size())];
        Storage s = t.storage();
        long o = t.offset();
        for (int i = 0; i < v.length; i++) {
            v[i] = get(s, o + i);
        }
        return v;
    }

    /** Writes {@code v} over the elements of a contiguous tensor; a null tensor is skipped (optional output). */
    static void store(Tensor t, double[] v) {
        if (t == null) {
            return;
        }
        if (v.length != t.size()) {
            throw new IllegalStateException("reference: " + v.length + " values for " + t.describe());
        }
        Storage s = t.storage();
        long o = t.offset();
        for (int i = 0; i < v.length; i++) {
            set(s, o + i, v[i]);
        }
    }

    /** Product of dims [from, to) of t. */
    static int size(Tensor t, int from, int to) {
        return Math.toIntExact(t.shape().sizeOf(from, to));
    }
}
