package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Rng;

/**
 * Vondrick et al.'s two streams: a 2-D background b (C × H × W, tanh, static over time), a 3-D foreground f
 * (C × T × H × W, tanh) and a mask m (1 × T × H × W, sigmoid) from the same 3-D trunk; video = m⊙f + (1 − m)⊙b.
 * Children "fg" (3-D trunk), "fg_out", "mask_out", "bg" (2-D trunk), "bg_out".
 */
public final class TwoStreamGenerator extends VideoGenerator {
    private final Trunk fg;
    private final ConvTranspose fgOut;
    private final ConvTranspose maskOut;
    private final Trunk bg;
    private final ConvTranspose bgOut;

    public TwoStreamGenerator(Backend backend, VideoGanConfig cfg, Rng rng) {
        super(backend, cfg);
        fg = child("fg", new Trunk(backend, cfg, 3, rng));
        fgOut = child("fg_out", ConvTranspose.of(backend, 3, fg.outWidth(), cfg.channels(), 4, 2, 1, rng));
        maskOut = child("mask_out", ConvTranspose.of(backend, 3, fg.outWidth(), 1, 4, 2, 1, rng));
        bg = child("bg", new Trunk(backend, cfg, 2, rng));
        bgOut = child("bg_out", ConvTranspose.of(backend, 2, bg.outWidth(), cfg.channels(), 4, 2, 1, rng));
    }

    @Override
    public Generated generate(Var z) {
        checkNoise(z);
        Var h = fg.forward(z);
        Var f = F.tanh(fgOut.forward(h));
        Var m = F.sigmoid(maskOut.forward(h));
        Var b = F.tanh(bgOut.forward(bg.forward(z)));
        // (B, C, H, W) → (B, C, 1, H, W): the background broadcasts over time
        Var b5 = F.reshape(b, b.dim(0), b.dim(1), 1, b.dim(2), b.dim(3));
        Var video = F.add(F.mul(m, f), F.mul(F.affine(m, -1f, 1f), b5));
        return new Generated(video, m);
    }
}
