package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.layers.Block;
import io.nextframe.layers.Init;
import io.nextframe.layers.Parameter;
import io.nextframe.layers.Rng;

/**
 * Lasagne's convolution with {@code untie_biases=True}: a k×k 'same' convolution without a shared bias, plus one
 * bias per output channel and output position, (out, H', W'). DFN's highway and stereo models use it for their
 * first (highway) or mid (stereo) layer, which is why their parameter counts depend on the frame size. He-uniform
 * weights, zero biases.
 */
final class UntiedBiasConv extends Block {
    private final ConvSpec spec;
    private final Parameter weight;
    private final Parameter bias;

    UntiedBiasConv(Backend backend, int in, int out, int k, int stride, int outH, int outW, Rng rng) {
        super(backend);
        this.spec = ConvSpec.of(2, stride, k / 2);
        this.weight = parameter("weight", backend.zeros(Shape.of(out, in, k, k)));
        this.bias = parameter("bias", backend.zeros(Shape.of(out, outH, outW)));
        Init.heUniform(weight.value(), rng);
    }

    @Override
    public Var forward(Var x) {
        Var y = F.conv(spec, x, weight.var(), null);
        if (y.dim(2) != bias.value().shape().dim(1) || y.dim(3) != bias.value().shape().dim(2)) {
            throw new IllegalArgumentException("UntiedBiasConv: output " + y.shape() + " but untied biases "
                    + bias.value().shape() + "; the layer was built for another frame size");
        }
        return F.add(y, F.reshape(bias.var(), 1, y.dim(1), y.dim(2), y.dim(3)));
    }
}
