package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Dropout;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.List;

/**
 * The coarsest level's discriminator: flattened image (and one-hot class) → two ReLU hidden layers (each followed by
 * dropout when the config asks, as the thesis's D_K) → one logit.
 */
public final class CoarseDiscriminator extends Module {
    private final LapganConfig cfg;
    private final Linear l1;
    private final Linear l2;
    private final Linear out;
    private final Dropout drop1;
    private final Dropout drop2;

    public CoarseDiscriminator(Backend backend, LapganConfig cfg, Rng rng) {
        super(backend);
        this.cfg = cfg;
        int s = cfg.coarseSide();
        l1 = child("l1", new Linear(backend, cfg.channels() * s * s + cfg.classes(), cfg.coarseHidden(), rng));
        l2 = child("l2", new Linear(backend, cfg.coarseHidden(), cfg.coarseHidden(), rng));
        out = child("out", new Linear(backend, cfg.coarseHidden(), 1, rng));
        boolean d = cfg.discriminatorDropout() > 0;
        drop1 = d ? child("drop1", new Dropout(backend, cfg.discriminatorDropout(), rng)) : null;
        drop2 = d ? child("drop2", new Dropout(backend, cfg.discriminatorDropout(), rng)) : null;
    }

    private static Var drop(Dropout d, Var x) {
        return d == null ? x : d.forward(x);
    }

    /** image (B, C, s, s) → logits (B, 1). */
    public Var forward(Var image, int[] labels) {
        Shapes.checkImage("CoarseDiscriminator", image, cfg.channels(), cfg.coarseSide());
        ClassPlanes.check(labels, image.dim(0), cfg.classes());
        Var x = F.reshape(image, image.dim(0), -1);
        if (cfg.classes() > 0) {
            x = F.concat(List.of(x, ClassPlanes.vectors(backend, labels, cfg.classes())), 1);
        }
        return out.forward(drop(drop2, F.relu(l2.forward(drop(drop1, F.relu(l1.forward(x)))))));
    }
}
