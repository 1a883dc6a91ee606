package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Block;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared up-sampling trunk: z → linear → (w0, [2,] 4, 4) → ReLU, then {@code stages − 1} stride-2 4^d transposed
 * convolutions (ReLU after each), leaving the last up-sampling stage to the caller's output heads. d = 3 for the
 * video streams, 2 for the static background. Children: "project", "up1" … .
 */
final class Trunk extends Block {
    private final VideoGanConfig cfg;
    private final int dims;
    private final Linear project;
    private final List<ConvTranspose> ups = new ArrayList<>();

    Trunk(Backend backend, VideoGanConfig cfg, int dims, Rng rng) {
        super(backend);
        this.cfg = cfg;
        this.dims = dims;
        int cells = (dims == 3 ? 2 : 1) * 16;
        project = child("project", new Linear(backend, cfg.noise(), cfg.width(0) * cells, rng));
        for (int i = 1; i < cfg.stages(); i++) {
            ups.add(child("up" + i, ConvTranspose.of(backend, dims, cfg.width(i - 1), cfg.width(i), 4, 2, 1, rng)));
        }
    }

    /** Width of the trunk's output (input of the last stage). */
    int outWidth() {
        return cfg.width(cfg.stages() - 1);
    }

    @Override
    public Var forward(Var z) {
        Var h = project.forward(z);
        h = dims == 3 ? F.reshape(h, z.dim(0), cfg.width(0), 2, 4, 4) : F.reshape(h, z.dim(0), cfg.width(0), 4, 4);
        h = F.relu(h);
        for (ConvTranspose up : ups) {
            h = F.relu(up.forward(h));
        }
        return h;
    }
}
