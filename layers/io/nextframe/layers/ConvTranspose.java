package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;

import java.util.Arrays;

/**
 * Transposed convolution as nn.ConvTranspose1d/2d/3d: weight (in, out/groups, k…), bias (out), an output padding
 * per spatial axis, PyTorch's default init (whose fan-in is out/groups·Πk).
 */
public final class ConvTranspose extends Block {
    private final ConvSpec spec;
    private final int[] outputPadding;
    private final Parameter weight;
    private final Parameter bias;

    public ConvTranspose(Backend backend, int in, int out, int[] kernel, ConvSpec spec, int[] outputPadding,
                         boolean bias, Rng rng) {
        super(backend);
        this.spec = spec;
        int g = spec.groups();
        if (kernel.length != spec.dims() || outputPadding.length != spec.dims() || in % g != 0 || out % g != 0
                || in < 1 || out < 1) {
            throw new IllegalArgumentException("ConvTranspose: in " + in + ", out " + out + ", kernel "
                    + Arrays.toString(kernel) + ", output padding " + Arrays.toString(outputPadding)
                    + " do not fit " + spec);
        }
        this.outputPadding = outputPadding.clone();
        int[] dims = new int[2 + kernel.length];
        dims[0] = in;
        dims[1] = out / g;
        System.arraycopy(kernel, 0, dims, 2, kernel.length);
        this.weight = parameter("weight", backend.zeros(Shape.of(dims)));
        Init.torchDefaultWeight(weight.value(), rng);
        this.bias = bias ? parameter("bias", backend.zeros(out)) : null;
        if (bias) {
            Init.torchDefaultBias(this.bias.value(), Init.fanIn(weight.value()), rng);
        }
    }

    /** Square (cubic) kernel k, stride, padding, no output padding, with bias. */
    public static ConvTranspose of(Backend b, int dims, int in, int out, int k, int stride, int padding, Rng rng) {
        int[] kk = new int[dims];
        Arrays.fill(kk, k);
        return new ConvTranspose(b, in, out, kk, ConvSpec.of(dims, stride, padding), new int[dims], true, rng);
    }

    public static ConvTranspose convTranspose1d(Backend b, int in, int out, int k, int stride, int padding,
                                                Rng rng) {
        return of(b, 1, in, out, k, stride, padding, rng);
    }

    public static ConvTranspose convTranspose2d(Backend b, int in, int out, int k, int stride, int padding,
                                                Rng rng) {
        return of(b, 2, in, out, k, stride, padding, rng);
    }

    public static ConvTranspose convTranspose3d(Backend b, int in, int out, int k, int stride, int padding,
                                                Rng rng) {
        return of(b, 3, in, out, k, stride, padding, rng);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Var forward(Var x) {
        return F.convTranspose(spec, x, weight.var(), bias == null ? null : bias.var(), outputPadding);
    }
}
