package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

/**
 * z (B, zChannels, k, k) → conv-BN-ReLU → conv-BN → one k×k kernel per scale and feature channel: channel
 * s·featureChannels + c is scale s (smallest first), feature channel c. Returns one (B, featureChannels, k, k)
 * kernel tensor per scale.
 */
final class KernelDecoder extends Module {
    private final ConvUnit first;
    private final ConvUnit second;
    private final int scales;

    KernelDecoder(Backend backend, CrossConvConfig c, Rng rng) {
        super(backend);
        int ch = c.zChannels();
        this.first = child("conv1", ConvUnit.full(backend, ch, ch, 5, rng));
        this.second = child("conv2", new ConvUnit(backend, ch, ch, 5, false, true, false, rng));
        this.scales = c.scales();
    }

    Var[] forward(Var z) {
        Var k = second.forward(first.forward(z));
        int per = k.dim(1) / scales;
        Var[] out = new Var[scales];
        for (int s = 0; s < scales; s++) {
            out[s] = F.slice(k, 1, s * per, (s + 1) * per);
        }
        return out;
    }
}
