package io.nextframe.core.ops;

import java.util.Arrays;

/**
 * Geometry of an N-d convolution (N = 1, 2, 3 spatial dims), PyTorch semantics: cross-correlation,
 * x (N, Cin, *in), w (Cout, Cin/groups, *k), y (N, Cout, *out) with
 * out = (in + 2·pad − dil·(k − 1) − 1) / stride + 1.
 * A transposed convolution is the adjoint of the convolution ({@code convBackwardData}); its extra
 * output padding is expressed by the shape of the tensor it writes, never here.
 */
public record ConvSpec(int[] stride, int[] padding, int[] dilation, int groups) {

    public ConvSpec {
        int n = stride.length;
        if (n < 1 || n > 3 || padding.length != n || dilation.length != n) {
            throw new IllegalArgumentException("ConvSpec: stride " + Arrays.toString(stride) + ", padding "
                    + Arrays.toString(padding) + ", dilation " + Arrays.toString(dilation)
                    + " must all have 1, 2 or 3 entries, the same number");
        }
        for (int i = 0; i < n; i++) {
            if (stride[i] < 1 || dilation[i] < 1 || padding[i] < 0) {
                throw new IllegalArgumentException("ConvSpec: stride and dilation must be ≥ 1 and padding ≥ 0, got "
                        + "stride " + Arrays.toString(stride) + ", padding " + Arrays.toString(padding)
                        + ", dilation " + Arrays.toString(dilation));
            }
        }
        if (groups < 1) {
            throw new IllegalArgumentException("ConvSpec: groups must be ≥ 1, got " + groups);
        }
        stride = stride.clone();
        padding = padding.clone();
        dilation = dilation.clone();
    }

    /** Same stride and padding on every one of {@code dims} axes, dilation 1, one group. */
    public static ConvSpec of(int dims, int stride, int padding) {
        return new ConvSpec(fill(dims, stride), fill(dims, padding), fill(dims, 1), 1);
    }

    public ConvSpec withGroups(int g) {
        return new ConvSpec(stride, padding, dilation, g);
    }

    public ConvSpec withDilation(int... d) {
        return new ConvSpec(stride, padding, d, groups);
    }

    /** Number of spatial dimensions. */
    public int dims() {
        return stride.length;
    }

    /** Output extent along spatial axis {@code i} for input extent {@code in} and kernel extent {@code k}. */
    public int outSize(int i, int in, int k) {
        // floor division: an input smaller than the dilated kernel gives 0 (an error), never a truncated 1
        return Math.floorDiv(in + 2 * padding[i] - dilation[i] * (k - 1) - 1, stride[i]) + 1;
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
    public int[] dilation() {
        return dilation.clone();
    }

    public int stride(int i) {
        return stride[i];
    }

    public int padding(int i) {
        return padding[i];
    }

    public int dilation(int i) {
        return dilation[i];
    }

    private static int[] fill(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvSpec c && groups == c.groups && Arrays.equals(stride, c.stride)
                && Arrays.equals(padding, c.padding) && Arrays.equals(dilation, c.dilation);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(stride) * 31 + Arrays.hashCode(padding) * 17 + Arrays.hashCode(dilation) + groups;
    }

    @Override
    public String toString() {
        return "ConvSpec[stride=" + Arrays.toString(stride) + ", padding=" + Arrays.toString(padding)
                + ", dilation=" + Arrays.toString(dilation) + ", groups=" + groups + "]";
    }
}
