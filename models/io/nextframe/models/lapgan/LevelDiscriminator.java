package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Conv;
import io.nextframe.layers.Dropout;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * A refinement level's discriminator: it sees the upsampled coarse image together with a residual (real or
 * generated), as in the thesis, so it judges whether the band is plausible for that coarse image. Two convolutions
 * with ReLU ({@link LevelArch}: 3×3 'same' twice, or 5×5 'valid' then 5×5 stride-2 'valid'), optional dropout, then
 * a linear layer to one logit.
 */
public final class LevelDiscriminator extends Module {
    private final LapganConfig cfg;
    private final int side;
    private final Conv c1;
    private final Conv c2;
    private final Dropout dropout;
    private final Linear out;

    public LevelDiscriminator(Backend backend, LapganConfig cfg, int level, Rng rng) {
        super(backend);
        this.cfg = cfg;
        this.side = cfg.sideAt(level);
        int w = cfg.discriminatorWidth();
        boolean compact = cfg.arch() == LevelArch.COMPACT;
        c1 = child("c1", Conv.conv2d(backend, 2 * cfg.channels() + cfg.classes(), w, compact ? 3 : 5, 1,
                compact ? 1 : 0, rng));
        c2 = child("c2", Conv.conv2d(backend, w, w, compact ? 3 : 5, compact ? 1 : 2, compact ? 1 : 0, rng));
        dropout = cfg.discriminatorDropout() > 0
                ? child("dropout", new Dropout(backend, cfg.discriminatorDropout(), rng)) : null;
        int o = cfg.arch().discriminatorOutput(side);
        out = child("out", new Linear(backend, w * o * o, 1, rng));
    }

    /** coarseUp and residual (B, C, h, h) → logits (B, 1). */
    public Var forward(Var coarseUp, Var residual, int[] labels) {
        Shapes.checkImage("LevelDiscriminator (upsampled coarse image)", coarseUp, cfg.channels(), side);
        Shapes.checkImage("LevelDiscriminator (residual)", residual, cfg.channels(), side);
        ClassPlanes.check(labels, coarseUp.dim(0), cfg.classes());
        List<Var> parts = new ArrayList<>(List.of(coarseUp, residual));
        if (cfg.classes() > 0) {
            parts.add(ClassPlanes.planes(backend, labels, cfg.classes(), side, side));
        }
        Var h = F.relu(c2.forward(F.relu(c1.forward(F.concat(parts, 1)))));
        if (dropout != null) {
            h = dropout.forward(h);
        }
        return out.forward(F.reshape(h, h.dim(0), -1));
    }
}
