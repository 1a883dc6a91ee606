package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.List;

/** The coarsest level: z (and a one-hot class) → two ReLU hidden layers → a C × s × s image, fully connected. */
public final class CoarseGenerator extends Module {
    private final LapganConfig cfg;
    private final Linear l1;
    private final Linear l2;
    private final Linear out;

    public CoarseGenerator(Backend backend, LapganConfig cfg, Rng rng) {
        super(backend);
        this.cfg = cfg;
        int s = cfg.coarseSide();
        l1 = child("l1", new Linear(backend, cfg.coarseNoise() + cfg.classes(), cfg.coarseHidden(), rng));
        l2 = child("l2", new Linear(backend, cfg.coarseHidden(), cfg.coarseHidden(), rng));
        out = child("out", new Linear(backend, cfg.coarseHidden(), cfg.channels() * s * s, rng));
    }

    /** z (B, coarseNoise) → image (B, C, s, s). */
    public Var forward(Var z, int[] labels) {
        if (z.rank() != 2 || z.dim(1) != cfg.coarseNoise()) {
            throw new IllegalArgumentException("CoarseGenerator: noise " + z.shape() + ", expected (B, "
                    + cfg.coarseNoise() + ")");
        }
        ClassPlanes.check(labels, z.dim(0), cfg.classes());
        Var x = cfg.classes() > 0 ? F.concat(List.of(z, ClassPlanes.vectors(backend, labels, cfg.classes())), 1) : z;
        Var h = F.relu(l2.forward(F.relu(l1.forward(x))));
        int s = cfg.coarseSide();
        return F.reshape(out.forward(h), z.dim(0), cfg.channels(), s, s);
    }
}
