package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;

import java.util.Arrays;

/**
 * Convolution as a closed set of three bilinear Var ops, so that gradients of any order stay inside the set.
 * With C(x, w) = conv, D(dy, w) = convBackwardData (Cᵀ in x) and W(x, dy) = convBackwardWeight, the adjoint relations
 * ⟨C(x,w), dy⟩ = ⟨x, D(dy,w)⟩ = ⟨w, W(x,dy)⟩ give every partial derivative:
 * <pre>
 *   y = C(x,w):   x̄ = D(ȳ, w)       w̄ = W(x, ȳ)
 *   z = D(dy,w):  dȳ = C(z̄, w)      w̄ = W(z̄, dy)
 *   z = W(x,dy):  x̄ = D(dy, z̄)      dȳ = C(x, z̄)
 * </pre>
 */
final class Conv {

    private Conv() {
    }

    static Var conv(ConvSpec spec, Var x, Var w, Var b) {
        Tensor y = x.backend().conv(spec, x.value(), w.value(), b == null ? null : b.value());
        return Var.make("conv" + spec.dims() + "d", y, (gy, n) -> new Var[] {
                n[0] ? backwardData(spec, gy, w, x.shape()) : null,
                n[1] ? backwardWeight(spec, x, gy, w.shape()) : null,
                n[2] ? biasGrad(gy) : null}, x, w, b);
    }

    /** D(dy, w): the adjoint of conv in x, with the x extent given by {@code xShape}. */
    static Var backwardData(ConvSpec spec, Var dy, Var w, Shape xShape) {
        Backend be = dy.backend();
        Tensor dx = be.zeros(dy.dtype(), xShape);
        be.convBackwardData(spec, dy.value(), w.value(), dx);
        return Var.make("convBackwardData", dx, (gz, n) -> new Var[] {
                n[0] ? conv(spec, gz, w, null) : null,
                n[1] ? backwardWeight(spec, gz, dy, w.shape()) : null}, dy, w);
    }

    /** W(x, dy): the gradient of ⟨conv(x, w), dy⟩ in w. */
    static Var backwardWeight(ConvSpec spec, Var x, Var dy, Shape wShape) {
        Backend be = x.backend();
        Tensor dw = be.zeros(x.dtype(), wShape);
        be.convBackwardWeight(spec, x.value(), dy.value(), dw, null);
        return Var.make("convBackwardWeight", dw, (gz, n) -> new Var[] {
                n[0] ? backwardData(spec, dy, gz, x.shape()) : null,
                n[1] ? conv(spec, x, gz, null) : null}, x, dy);
    }

    /** Σ of gy over batch and space, per output channel. */
    private static Var biasGrad(Var gy) {
        int[] axes = new int[gy.rank() - 1];
        axes[0] = 0;
        for (int i = 2; i < gy.rank(); i++) {
            axes[i - 1] = i;
        }
        return F.sum(gy, false, axes);
    }

    /**
     * Transposed convolution, PyTorch layout: w (in, out/groups, *k), out extent
     * (in − 1)·stride − 2·pad + dil·(k − 1) + outputPadding + 1; the adjoint of conv in its input.
     */
    static Var convTranspose(ConvSpec spec, Var x, Var w, Var b, int... outputPadding) {
        int d = spec.dims();
        if (x.rank() != d + 2 || w.rank() != d + 2) {
            throw new IllegalArgumentException("convTranspose: a " + d + "-d transposed convolution needs rank-"
                    + (d + 2) + " x and w; got x " + x.shape() + ", w " + w.shape());
        }
        if (outputPadding.length != 0 && outputPadding.length != d) {
            throw new IllegalArgumentException("convTranspose: output padding " + Arrays.toString(outputPadding)
                    + " must have " + d + " entries");
        }
        if (x.dim(1) != w.dim(0)) {
            throw new IllegalArgumentException("convTranspose: x " + x.shape() + " has " + x.dim(1)
                    + " channels, w " + w.shape() + " (in, out/groups, *k) expects " + w.dim(0));
        }
        int[] s = new int[d + 2];
        s[0] = x.dim(0);
        s[1] = w.dim(1) * spec.groups();
        for (int i = 0; i < d; i++) {
            int op = outputPadding.length == 0 ? 0 : outputPadding[i];
            if (op < 0 || (op >= spec.stride(i) && op >= spec.dilation(i))) {
                throw new IllegalArgumentException("convTranspose: output padding " + Arrays.toString(outputPadding)
                        + " must be ≥ 0 and smaller than stride or dilation (" + spec + ")");
            }
            s[i + 2] = (x.dim(i + 2) - 1) * spec.stride(i) - 2 * spec.padding(i)
                    + spec.dilation(i) * (w.dim(i + 2) - 1) + op + 1;
            if (s[i + 2] < 1) {
                throw new IllegalArgumentException("convTranspose: x " + x.shape() + " with w " + w.shape() + " and "
                        + spec + " gives an empty output along spatial axis " + i);
            }
        }
        Var y = backwardData(spec, x, w, Shape.of(s));
        if (b == null) {
            return y;
        }
        if (b.rank() != 1 || b.dim(0) != s[1]) {
            throw new IllegalArgumentException("convTranspose: bias " + b.shape() + ", expected (" + s[1] + ")");
        }
        int[] bs = new int[d + 2];
        Arrays.fill(bs, 1);
        bs[1] = s[1];
        return F.add(y, F.reshape(b, bs));
    }
}
