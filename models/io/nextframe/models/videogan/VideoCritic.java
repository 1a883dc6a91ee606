package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Conv;
import io.nextframe.layers.LayerNorm;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * The critic: {@code stages} stride-2 4³ convolutions (widths criticWidth·2^i), LeakyReLU 0.2, then a linear score.
 * No batch norm: the gradient penalty is per sample and needs a double backward, so the hidden stages after the first
 * use LayerNorm over (C, T, H, W) when {@code criticLayerNorm}, else nothing. {@code extraChannels} widens the input
 * (the conditional critic stacks the photo onto every frame). Children "c0" …, "ln1" …, "score".
 */
public final class VideoCritic extends Module {
    private final VideoGanConfig cfg;
    private final int extraChannels;
    private final List<Conv> convs = new ArrayList<>();
    private final List<LayerNorm> norms = new ArrayList<>();
    private final Linear score;

    public VideoCritic(Backend backend, VideoGanConfig cfg, int extraChannels, Rng rng) {
        super(backend);
        this.cfg = cfg;
        this.extraChannels = extraChannels;
        int in = cfg.channels() + extraChannels;
        int t = cfg.frames();
        int s = cfg.size();
        for (int i = 0; i < cfg.stages(); i++) {
            int out = cfg.criticWidth() << i;
            convs.add(child("c" + i, Conv.conv3d(backend, in, out, 4, 2, 1, rng)));
            t /= 2;
            s /= 2;
            if (i > 0 && cfg.criticLayerNorm()) {
                norms.add(child("ln" + i, new LayerNorm(backend, out, t, s, s)));
            }
            in = out;
        }
        score = child("score", new Linear(backend, in * t * s * s, 1, rng));
    }

    public VideoCritic(Backend backend, VideoGanConfig cfg, Rng rng) {
        this(backend, cfg, 0, rng);
    }

    /** video (B, C + extra, T, H, W) → scores (B, 1). */
    public Var forward(Var video) {
        int c = cfg.channels() + extraChannels;
        if (video.rank() != 5 || video.dim(1) != c || video.dim(2) != cfg.frames() || video.dim(3) != cfg.size()
                || video.dim(4) != cfg.size()) {
            throw new IllegalArgumentException("VideoCritic: input " + video.shape() + ", expected (B, " + c + ", "
                    + cfg.frames() + ", " + cfg.size() + ", " + cfg.size() + ")");
        }
        Var h = video;
        for (int i = 0; i < convs.size(); i++) {
            h = convs.get(i).forward(h);
            if (i > 0 && cfg.criticLayerNorm()) {
                h = norms.get(i - 1).forward(h);
            }
            h = F.leakyRelu(h, 0.2f);
        }
        return score.forward(F.reshape(h, h.dim(0), -1));
    }
}
