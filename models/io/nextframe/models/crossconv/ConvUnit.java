package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.layers.BatchNorm;
import io.nextframe.layers.Block;
import io.nextframe.layers.Conv;
import io.nextframe.layers.Init;
import io.nextframe.layers.Rng;

/**
 * The network's building block: k×k convolution ('same' padding unless {@code valid}) → optional BatchNorm →
 * optional ReLU, initialised as the PyTorch port: weights N(0, 0.02), bias 0, BN γ ~ N(1, 0.02), β = 0.
 * Keys {@code conv.weight}, {@code conv.bias}, {@code bn.*}.
 */
final class ConvUnit extends Block {
    private final Conv conv;
    private final BatchNorm bn;
    private final boolean relu;

    ConvUnit(Backend backend, int in, int out, int k, boolean valid, boolean batchNorm, boolean relu, Rng rng) {
        super(backend);
        this.conv = child("conv", new Conv(backend, in, out, new int[] {k, k}, ConvSpec.of(2, 1, valid ? 0 : k / 2),
                true, rng));
        Init.normal(conv.weight().value(), 0, 0.02, rng);
        Init.zeros(conv.bias().value());
        this.bn = batchNorm ? child("bn", new BatchNorm(backend, out)) : null;
        if (bn != null) {
            Init.normal(bn.weight().value(), 1, 0.02, rng);
        }
        this.relu = relu;
    }

    /** conv → BN → ReLU with 'same' padding. */
    static ConvUnit full(Backend b, int in, int out, int k, Rng rng) {
        return new ConvUnit(b, in, out, k, false, true, true, rng);
    }

    @Override
    public Var forward(Var x) {
        Var y = conv.forward(x);
        if (bn != null) {
            y = bn.forward(y);
        }
        return relu ? F.relu(y) : y;
    }
}
