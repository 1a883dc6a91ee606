package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

/** y = x·Wᵀ + b with W (out, in), b (out), PyTorch's nn.Linear (keys weight, bias) and its default init. */
public final class Linear extends Block {
    private final Parameter weight;
    private final Parameter bias;

    public Linear(Backend backend, int in, int out, boolean bias, Rng rng) {
        super(backend);
        if (in < 1 || out < 1) {
            throw new IllegalArgumentException("Linear: in " + in + " and out " + out + " must be ≥ 1");
        }
        this.weight = parameter("weight", backend.zeros(out, in));
        Init.torchDefaultWeight(weight.value(), rng);
        this.bias = bias ? parameter("bias", backend.zeros(out)) : null;
        if (bias) {
            Init.torchDefaultBias(this.bias.value(), in, rng);
        }
    }

    public Linear(Backend backend, int in, int out, Rng rng) {
        this(backend, in, out, true, rng);
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    @Override
    public Var forward(Var x) {
        return F.linear(x, weight.var(), bias == null ? null : bias.var());
    }
}
