package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

/**
 * An unconditional video GAN's two players as one module, children "generator" and "critic": the key layout of a
 * {@code videogan-1s}/{@code videogan-2s} file ({@link VideoGanFiles#save}), so a training checkpoint of the pair
 * also loads as a model file. The generator is built first, then the critic, from one {@link Rng}.
 */
public final class VideoGanPair extends Module {
    private final VideoGenerator generator;
    private final VideoCritic critic;

    /** {@code kind}: {@link VideoGanFiles#ONE_STREAM} or {@link VideoGanFiles#TWO_STREAM}. */
    public VideoGanPair(Backend backend, String kind, VideoGanConfig cfg, Rng rng) {
        super(backend);
        generator = child("generator", VideoGanFiles.newGenerator(backend, kind, cfg, rng));
        critic = child("critic", new VideoCritic(backend, cfg, rng));
    }

    public VideoGenerator generator() {
        return generator;
    }

    public VideoCritic critic() {
        return critic;
    }
}
