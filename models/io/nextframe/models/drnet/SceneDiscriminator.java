package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Activation;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;

import java.util.List;

/**
 * models/classifiers.py {@code scene_discriminator}: C(h_p1, h_p2) = σ(W3 relu(W2 relu(W1 [h_p1, h_p2]))), the
 * probability that two pose vectors come from different videos (target 1 for different, 0 for the same clip in
 * the authors' step). Keys {@code main.0}, {@code main.2}, {@code main.4} (Linear), hidden width sd_nf.
 */
public final class SceneDiscriminator extends Module {
    private final Sequential main;
    private final int poseDim;

    SceneDiscriminator(Backend b, int poseDim, int nf, Rng rng) {
        super(b);
        this.poseDim = poseDim;
        main = child("main", new Sequential(b, new Linear(b, 2 * poseDim, nf, rng), Activation.relu(b),
                new Linear(b, nf, nf, rng), Activation.relu(b), new Linear(b, nf, 1, rng), Activation.sigmoid(b)));
    }

    /** The probability (B, 1) for pose pairs (B, pose) × 2. */
    public Var forward(Var hp1, Var hp2) {
        if (hp1.rank() != 2 || hp1.dim(1) != poseDim || !hp1.shape().equals(hp2.shape())) {
            throw new IllegalArgumentException("SceneDiscriminator: poses " + hp1.shape() + " and " + hp2.shape()
                    + ", expected two (B, " + poseDim + ")");
        }
        return main.forward(F.concat(List.of(hp1, hp2), 1));
    }
}
