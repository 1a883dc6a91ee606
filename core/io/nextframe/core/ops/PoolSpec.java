package io.nextframe.core.ops;

import java.util.Arrays;

/**
 * Max or average pooling over 1, 2 or 3 spatial dims, PyTorch semantics (floor mode):
 * out = (in + 2·pad − k) / stride + 1. Max pooling ignores padded cells; average pooling counts them
 * (PyTorch's default {@code count_include_pad=True}).
 */
public record PoolSpec(Kind kind, int[] kernel, int[] stride, int[] padding) {

    public enum Kind { MAX, AVG }

    public PoolSpec {
        int n = kernel.length;
        if (n < 1 || n > 3 || stride.length != n || padding.length != n) {
            throw new IllegalArgumentException("PoolSpec: kernel " + Arrays.toString(kernel) + ", stride "
                    + Arrays.toString(stride) + ", padding " + Arrays.toString(padding)
                    + " must all have 1, 2 or 3 entries, the same number");
        }
        for (int i = 0; i < n; i++) {
            if (kernel[i] < 1 || stride[i] < 1 || padding[i] < 0 || 2 * padding[i] > kernel[i]) {
                throw new IllegalArgumentException("PoolSpec: need kernel ≥ 1, stride ≥ 1, 0 ≤ padding ≤ kernel/2; got "
                        + "kernel " + Arrays.toString(kernel) + ", stride " + Arrays.toString(stride)
                        + ", padding " + Arrays.toString(padding));
            }
        }
        kernel = kernel.clone();
        stride = stride.clone();
        padding = padding.clone();
    }

    /** A square (cubic) window of size k with stride k and no padding, as nn.MaxPool2d(k). */
    public static PoolSpec of(Kind kind, int dims, int k) {
        int[] kk = new int[dims];
        Arrays.fill(kk, k);
        return new PoolSpec(kind, kk, kk, new int[dims]);
    }

    public int dims() {
        return kernel.length;
    }

    public int kernel(int i) {
        return kernel[i];
    }

    public int stride(int i) {
        return stride[i];
    }

    public int padding(int i) {
        return padding[i];
    }

    public int outSize(int i, int in) {
        // floor division: an input smaller than the window gives 0 (an error), never a truncated 1
        return Math.floorDiv(in + 2 * padding[i] - kernel[i], stride[i]) + 1;
    }

    @Override
    public int[] kernel() {
        return kernel.clone();
    }

    @Override
    public int[] stride() {
        return stride.clone();
    }

    @Override
    public int[] padding() {
        return padding.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PoolSpec p && kind == p.kind && Arrays.equals(kernel, p.kernel)
                && Arrays.equals(stride, p.stride) && Arrays.equals(padding, p.padding);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(kernel) * 7 + Arrays.hashCode(stride) * 3
                + Arrays.hashCode(padding);
    }
}
