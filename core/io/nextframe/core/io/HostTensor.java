package io.nextframe.core.io;

import io.nextframe.core.Tensor;

import java.util.Arrays;

/**
 * Float32 values on the Java heap with a row-major shape: what a file holds before it meets a backend.
 * Unlike {@link io.nextframe.core.Shape}, dimensions may be 0 (safetensors allows empty tensors) and the shape may
 * be empty (a scalar, one value).
 */
public record HostTensor(int[] shape, float[] data) {

    public HostTensor {
        long n = elementCount(shape);
        if (data.length != n) {
            throw new IllegalArgumentException("HostTensor: " + data.length + " values for shape "
                    + Arrays.toString(shape) + ", expected " + n);
        }
        shape = shape.clone();
    }

    /** Downloads a backend tensor. */
    public static HostTensor of(Tensor t) {
        return new HostTensor(t.shape().dims(), t.toFloatArray());
    }

    /** Product of the dimensions; rejects negative ones and products beyond a Java array. */
    public static long elementCount(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has a negative dimension");
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape)
                        + " has more elements than a Java array holds");
            }
        }
        return n;
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HostTensor h && Arrays.equals(shape, h.shape) && Arrays.equals(data, h.data);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(shape) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "HostTensor" + Arrays.toString(shape);
    }
}
