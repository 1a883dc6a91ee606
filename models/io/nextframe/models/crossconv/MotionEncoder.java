package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.List;

/**
 * q(z | v, I): six 5×5 conv-BN-ReLU units on cat(I, v) with max pools after the 1st (×4), 3rd and 5th (×2), then a
 * valid convolution (no BN/ReLU) down to the kernelSize grid ([P] layout). The first half of its channels is
 * z_mean, the second half z_logvar, each (B, zChannels, k, k).
 */
final class MotionEncoder extends Module {
    private final ConvUnit[] units = new ConvUnit[6];
    private final ConvUnit head;

    MotionEncoder(Backend backend, CrossConvConfig c, Rng rng) {
        super(backend);
        int[] w = c.motionWidths();
        int in = 6;
        for (int i = 0; i < 6; i++) {
            units[i] = child("conv" + (i + 1), ConvUnit.full(backend, in, w[i], 5, rng));
            in = w[i];
        }
        this.head = child("head", new ConvUnit(backend, in, 2 * c.zChannels(), c.motionHeadKernel(), true, false,
                false, rng));
    }

    /** (mean, logvar) of q for frame I and difference v, both (B, 3, inputSize, inputSize). */
    Var[] forward(Var frame, Var diff) {
        Var x = F.concat(List.of(frame, diff), 1);
        x = units[0].forward(x);
        x = F.maxPool(x, 2, 4);
        x = units[2].forward(units[1].forward(x));
        x = F.maxPool(x, 2, 2);
        x = units[4].forward(units[3].forward(x));
        x = F.maxPool(x, 2, 2);
        x = head.forward(units[5].forward(x));
        int half = x.dim(1) / 2;
        return new Var[] {F.slice(x, 1, 0, half), F.slice(x, 1, half, 2 * half)};
    }
}
