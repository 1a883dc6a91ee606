package io.nextframe.models.crossconv;

import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.losses.Losses;

/**
 * The conditional-VAE objective: reconstructionWeight · mean MSE(v̂, target) + klWeight · KL(q ‖ N(0, I)), the KL
 * summed over z's dimensions and averaged over the batch ([P]). The AE ablation uses klWeight 0 and decodes z = μ.
 */
public record CrossConvLoss(double reconstructionWeight, double klWeight) {
    public CrossConvLoss {
        if (!(reconstructionWeight > 0) || !(klWeight >= 0)) {
            throw new IllegalArgumentException("CrossConvLoss: reconstruction weight " + reconstructionWeight
                    + " must be > 0 and KL weight " + klWeight + " ≥ 0");
        }
    }

    /** [P]'s starting point: reconstruction 1, KL 1e-5. */
    public static CrossConvLoss defaults() {
        return new CrossConvLoss(1, 1e-5);
    }

    /** The reconstruction term (mean squared error). */
    public Var reconstruction(Var predicted, Var target) {
        return Losses.mse(predicted, target);
    }

    /** The KL term, summed over dimensions, averaged over the batch. */
    public Var kl(CrossConvNet.Posterior q) {
        return Losses.klStandardNormal(q.mean(), q.logvar());
    }

    public Var total(Var reconstruction, Var kl) {
        return F.add(F.scale(reconstruction, (float) reconstructionWeight), F.scale(kl, (float) klWeight));
    }
}
