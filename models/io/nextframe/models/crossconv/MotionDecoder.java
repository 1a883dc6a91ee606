package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * The cross-convolved maps of every scale upsampled (nearest) to the output size and concatenated →
 * conv 9×9 → conv 1×1 (both BN-ReLU) → conv 1×1 to 3 channels with bias: the predicted difference image v̂.
 */
final class MotionDecoder extends Module {
    private final ConvUnit c1;
    private final ConvUnit c2;
    private final ConvUnit out;
    private final int size;

    MotionDecoder(Backend backend, CrossConvConfig c, Rng rng) {
        super(backend);
        int in = c.zChannels();
        this.c1 = child("conv1", ConvUnit.full(backend, in, c.decoderWidth(), c.decoderKernel(), rng));
        this.c2 = child("conv2", ConvUnit.full(backend, c.decoderWidth(), c.decoderWidth(), 1, rng));
        this.out = child("conv3", new ConvUnit(backend, c.decoderWidth(), 3, 1, false, false, false, rng));
        this.size = c.outputSize();
    }

    Var forward(Var[] maps) {
        List<Var> up = new ArrayList<>();
        for (Var m : maps) {
            up.add(m.dim(2) == size ? m : F.resize(ResizeMode.NEAREST, false, m, size, size));
        }
        return out.forward(c2.forward(c1.forward(F.concat(up, 1))));
    }
}
