package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

/**
 * The encoder of one pyramid level: 5×5 conv 3→w, pool 2, w→w, w→w, pool 2, w→featureChannels (each conv-BN-ReLU):
 * a level of side n gives featureChannels maps of side n/4.
 */
final class ImageEncoder extends Module {
    private final ConvUnit c1;
    private final ConvUnit c2;
    private final ConvUnit c3;
    private final ConvUnit c4;

    ImageEncoder(Backend backend, CrossConvConfig c, Rng rng) {
        super(backend);
        int w = c.imageWidth();
        this.c1 = child("conv1", ConvUnit.full(backend, 3, w, 5, rng));
        this.c2 = child("conv2", ConvUnit.full(backend, w, w, 5, rng));
        this.c3 = child("conv3", ConvUnit.full(backend, w, w, 5, rng));
        this.c4 = child("conv4", ConvUnit.full(backend, w, c.featureChannels(), 5, rng));
    }

    Var forward(Var level) {
        Var x = F.maxPool(c1.forward(level), 2, 2);
        x = c3.forward(c2.forward(x));
        return c4.forward(F.maxPool(x, 2, 2));
    }
}
