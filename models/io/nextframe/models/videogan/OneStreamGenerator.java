package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Rng;

/** One 3-D stream: trunk → last stride-2 transposed conv to C channels → tanh. Children "trunk", "out". */
public final class OneStreamGenerator extends VideoGenerator {
    private final Trunk trunk;
    private final ConvTranspose out;

    public OneStreamGenerator(Backend backend, VideoGanConfig cfg, Rng rng) {
        super(backend, cfg);
        trunk = child("trunk", new Trunk(backend, cfg, 3, rng));
        out = child("out", ConvTranspose.of(backend, 3, trunk.outWidth(), cfg.channels(), 4, 2, 1, rng));
    }

    @Override
    public Generated generate(Var z) {
        checkNoise(z);
        return new Generated(F.tanh(out.forward(trunk.forward(z))), null);
    }
}
