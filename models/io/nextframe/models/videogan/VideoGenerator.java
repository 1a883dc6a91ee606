package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;

/** A video generator: z (B, noise) → {@link Generated}. */
public abstract class VideoGenerator extends Module {
    protected final VideoGanConfig cfg;

    protected VideoGenerator(Backend backend, VideoGanConfig cfg) {
        super(backend);
        this.cfg = cfg;
    }

    public VideoGanConfig config() {
        return cfg;
    }

    public abstract Generated generate(Var z);

    protected void checkNoise(Var z) {
        if (z.rank() != 2 || z.dim(1) != cfg.noise()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": noise " + z.shape()
                    + ", expected (B, " + cfg.noise() + ")");
        }
    }
}
