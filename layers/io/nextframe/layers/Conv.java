package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;

/**
 * 1-, 2- or 3-d convolution (cross-correlation) as nn.Conv1d/2d/3d: weight (out, in/groups, k…), bias (out),
 * PyTorch's default init.
 */
public final class Conv extends Block {
    private final ConvSpec spec;
    private final Parameter weight;
    private final Parameter bias;

    public Conv(Backend backend, int in, int out, int[] kernel, ConvSpec spec, boolean bias, Rng rng) {
        super(backend);
        this.spec = spec;
        int g = spec.groups();
        if (kernel.length != spec.dims() || in % g != 0 || out % g != 0 || in < 1 || out < 1) {
            throw new IllegalArgumentException("Conv: in " + in + ", out " + out + ", kernel "
                    + java.util.Arrays.toString(kernel) + " do not fit " + spec
                    + " (kernel needs one size per spatial axis, channels divisible by groups)");
        }
        int[] dims = new int[2 + kernel.length];
        dims[0] = out;
        dims[1] = in / g;
        System.arraycopy(kernel, 0, dims, 2, kernel.length);
        this.weight = parameter("weight", backend.zeros(Shape.of(dims)));
        Init.torchDefaultWeight(weight.value(), rng);
        this.bias = bias ? parameter("bias", backend.zeros(out)) : null;
        if (bias) {
            Init.torchDefaultBias(this.bias.value(), Init.fanIn(weight.value()), rng);
        }
    }

    /** Square (cubic) kernel k, stride, padding, with bias. */
    public static Conv of(Backend b, int dims, int in, int out, int k, int stride, int padding, Rng rng) {
        int[] kk = new int[dims];
        java.util.Arrays.fill(kk, k);
        return new Conv(b, in, out, kk, ConvSpec.of(dims, stride, padding), true, rng);
    }

    public static Conv conv1d(Backend b, int in, int out, int k, int stride, int padding, Rng rng) {
        return of(b, 1, in, out, k, stride, padding, rng);
    }

    public static Conv conv2d(Backend b, int in, int out, int k, int stride, int padding, Rng rng) {
        return of(b, 2, in, out, k, stride, padding, rng);
    }

    public static Conv conv3d(Backend b, int in, int out, int k, int stride, int padding, Rng rng) {
        return of(b, 3, in, out, k, stride, padding, rng);
    }

    public ConvSpec spec() {
        return spec;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Var forward(Var x) {
        return F.conv(spec, x, weight.var(), bias == null ? null : bias.var());
    }
}
