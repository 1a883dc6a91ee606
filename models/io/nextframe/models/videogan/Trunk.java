package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.BatchNorm;
import io.nextframe.layers.Block;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * The shared up-sampling trunk: z → linear → (w0, [2,] 4, 4) → BatchNorm → ReLU, then {@code stages − 1} stride-2
 * 4^d transposed convolutions (BatchNorm and ReLU after each, as Vondrick et al.'s generator), leaving the last
 * up-sampling stage to the caller's output heads. d = 3 for the video streams, 2 for the static background. Batch norm
 * is safe here: the gradient penalty differentiates the critic only. Children: "project", "bn0", "up1", "bn1" … .
 */
final class Trunk extends Block {
    private final VideoGanConfig cfg;
    private final int dims;
    private final Linear project;
    private final List<ConvTranspose> ups = new ArrayList<>();
    private final List<BatchNorm> norms = new ArrayList<>();

    Trunk(Backend backend, VideoGanConfig cfg, int dims, Rng rng) {
        super(backend);
        this.cfg = cfg;
        this.dims = dims;
        int cells = (dims == 3 ? 2 : 1) * 16;
        project = child("project", new Linear(backend, cfg.noise(), cfg.width(0) * cells, rng));
        norms.add(child("bn0", new BatchNorm(backend, cfg.width(0))));
        for (int i = 1; i < cfg.stages(); i++) {
            ups.add(child("up" + i, ConvTranspose.of(backend, dims, cfg.width(i - 1), cfg.width(i), 4, 2, 1, rng)));
            norms.add(child("bn" + i, new BatchNorm(backend, cfg.width(i))));
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
        h = F.relu(norms.get(0).forward(h));
        for (int i = 0; i < ups.size(); i++) {
            h = F.relu(norms.get(i + 1).forward(ups.get(i).forward(h)));
        }
        return h;
    }
}
