package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Conv;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * A refinement level's generator: [noise plane, upsampled coarse image, class planes] → three 'same' convolutions
 * ({@link LevelArch}: 3,3,3 or 7,7,5; ReLU between) → the band-pass residual to add to the upsampled image (no output nonlinearity: residuals are
 * signed).
 */
public final class LevelGenerator extends Module {
    private final LapganConfig cfg;
    private final int side;
    private final Conv c1;
    private final Conv c2;
    private final Conv c3;

    public LevelGenerator(Backend backend, LapganConfig cfg, int level, Rng rng) {
        super(backend);
        this.cfg = cfg;
        this.side = cfg.sideAt(level);
        int in = 1 + cfg.channels() + cfg.classes();
        int[] k = cfg.arch().generatorKernels();
        c1 = child("c1", Conv.conv2d(backend, in, cfg.levelWidth(), k[0], 1, k[0] / 2, rng));
        c2 = child("c2", Conv.conv2d(backend, cfg.levelWidth(), cfg.levelWidth(), k[1], 1, k[1] / 2, rng));
        c3 = child("c3", Conv.conv2d(backend, cfg.levelWidth(), cfg.channels(), k[2], 1, k[2] / 2, rng));
    }

    /** coarseUp (B, C, h, h), noise (B, 1, h, h) → residual (B, C, h, h). */
    public Var forward(Var coarseUp, Var noise, int[] labels) {
        Shapes.checkImage("LevelGenerator (upsampled coarse image)", coarseUp, cfg.channels(), side);
        Shapes.checkImage("LevelGenerator (noise plane)", noise, 1, side);
        if (noise.dim(0) != coarseUp.dim(0)) {
            throw new IllegalArgumentException("LevelGenerator: noise batch " + noise.dim(0) + " ≠ image batch "
                    + coarseUp.dim(0));
        }
        ClassPlanes.check(labels, coarseUp.dim(0), cfg.classes());
        List<Var> parts = new ArrayList<>(List.of(noise, coarseUp));
        if (cfg.classes() > 0) {
            parts.add(ClassPlanes.planes(backend, labels, cfg.classes(), side, side));
        }
        return c3.forward(F.relu(c2.forward(F.relu(c1.forward(F.concat(parts, 1))))));
    }
}
