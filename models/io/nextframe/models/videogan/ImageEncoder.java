package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Conv;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * The conditional model's photo encoder: {@code stages} stride-2 4×4 convolutions (widths criticWidth·2^i, ReLU) from
 * size down to 4 × 4, then a linear map to the generator's input code (noise-sized). Children "c0" …, "code".
 */
public final class ImageEncoder extends Module {
    private final VideoGanConfig cfg;
    private final List<Conv> convs = new ArrayList<>();
    private final Linear code;

    public ImageEncoder(Backend backend, VideoGanConfig cfg, Rng rng) {
        super(backend);
        this.cfg = cfg;
        int in = cfg.channels();
        for (int i = 0; i < cfg.stages(); i++) {
            int out = cfg.criticWidth() << i;
            convs.add(child("c" + i, Conv.conv2d(backend, in, out, 4, 2, 1, rng)));
            in = out;
        }
        code = child("code", new Linear(backend, in * 16, cfg.noise(), rng));
    }

    /** photo (B, C, size, size) → code (B, noise). */
    public Var forward(Var photo) {
        checkPhoto("ImageEncoder", photo, cfg);
        Var h = photo;
        for (Conv c : convs) {
            h = F.relu(c.forward(h));
        }
        return code.forward(F.reshape(h, h.dim(0), -1));
    }

    static void checkPhoto(String who, Var photo, VideoGanConfig cfg) {
        if (photo.rank() != 4 || photo.dim(1) != cfg.channels() || photo.dim(2) != cfg.size()
                || photo.dim(3) != cfg.size()) {
            throw new IllegalArgumentException(who + ": photo " + photo.shape() + ", expected (B, " + cfg.channels()
                    + ", " + cfg.size() + ", " + cfg.size() + ")");
        }
    }
}
