package io.nextframe.layers.losses;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

/**
 * Training losses, each a scalar Var built from differentiable ops. Reductions follow the reference code:
 * elementwise losses average over every element (PyTorch's default 'mean'); the KL terms sum over elements and divide
 * by the batch size (SVG's kl_criterion); GAN losses average over the critic's outputs.
 */
public final class Losses {

    private Losses() {
    }

    /** mean((p − t)²), nn.MSELoss. */
    public static Var mse(Var prediction, Var target) {
        return F.mse(prediction, target);
    }

    /** mean(|p − t|), nn.L1Loss. */
    public static Var l1(Var prediction, Var target) {
        return F.mean(F.abs(F.sub(prediction, target)));
    }

    /** Binary cross-entropy on probabilities, clamped to [eps, 1 − eps] (DFN clips with its own eps). */
    public static Var bce(Var p, Var target, float eps) {
        return F.bce(p, target, eps);
    }

    /** Binary cross-entropy on probabilities clamped to [1e−7, 1 − 1e−7]. */
    public static Var bce(Var p, Var target) {
        return F.bce(p, target);
    }

    /** Binary cross-entropy on logits, numerically stable for any logit. */
    public static Var bceWithLogits(Var logits, Var target) {
        return F.bceWithLogits(logits, target);
    }

    /** nn.CrossEntropyLoss with class indices: mean over rows of −log softmax(logits)[label]; logits (N, C). */
    public static Var crossEntropy(Var logits, int[] labels) {
        if (logits.rank() != 2 || logits.dim(0) != labels.length) {
            throw new IllegalArgumentException("crossEntropy: logits " + logits.shape() + " for " + labels.length
                    + " labels, expected (N, C) with N = labels");
        }
        int n = logits.dim(0), c = logits.dim(1);
        double[] oneHot = new double[n * c];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[i] + " of row " + i
                        + " is outside [0, " + c + ")");
            }
            oneHot[i * c + labels[i]] = 1;
        }
        Var target = Var.constant(constant(logits, Shape.of(n, c), oneHot));
        return crossEntropy(logits, target);
    }

    /** Cross-entropy against target probabilities (N, C): mean over rows of −Σ_c t·log softmax(logits). */
    public static Var crossEntropy(Var logits, Var targetProbabilities) {
        Var perRow = F.sum(F.mul(targetProbabilities, F.logSoftmax(logits, 1)), false, 1);
        return F.neg(F.mean(perRow));
    }

    /**
     * KL(N(μ, e^{logvar}) ‖ N(0, I)) = −½ Σ (1 + logvar − μ² − e^{logvar}), divided by the batch size (dim 0):
     * SVG's fixed-prior kl_criterion.
     */
    public static Var klStandardNormal(Var mu, Var logvar) {
        Var inner = F.sub(F.sub(F.affine(logvar, 1f, 1f), F.square(mu)), F.exp(logvar));
        return F.scale(F.sum(inner), -0.5f / mu.dim(0));
    }

    /** KL(N1 ‖ N2) of diagonal Gaussians given as (mean, log-variance), summed and divided by the batch size. */
    public static Var klGaussian(Var mu1, Var logvar1, Var mu2, Var logvar2) {
        return F.klGaussian(mu1, logvar1, mu2, logvar2);
    }

    /** λ·Σ|x| (Lua torch's L1Penalty), or λ·mean|x| when {@code average}. */
    public static Var l1Penalty(Var x, float lambda, boolean average) {
        Var a = F.abs(x);
        return F.scale(average ? F.mean(a) : F.sum(a), lambda);
    }

    // ---- adversarial ----------------------------------------------------------------------------------------------

    /** WGAN critic loss to minimise: mean D(fake) − mean D(real). */
    public static Var wganCritic(Var realScores, Var fakeScores) {
        return F.sub(F.mean(fakeScores), F.mean(realScores));
    }

    /** WGAN generator loss: −mean D(fake). */
    public static Var wganGenerator(Var fakeScores) {
        return F.neg(F.mean(fakeScores));
    }

    /** Standard GAN discriminator loss on logits: BCE(real, 1) + BCE(fake, 0). */
    public static Var ganDiscriminator(Var realLogits, Var fakeLogits) {
        return F.add(bceWithLogits(realLogits, filled(realLogits, 1)), bceWithLogits(fakeLogits, filled(fakeLogits, 0)));
    }

    /** Non-saturating generator loss on logits: BCE(fake, 1) = mean −log σ(D(G(z))). */
    public static Var ganGeneratorNonSaturating(Var fakeLogits) {
        return bceWithLogits(fakeLogits, filled(fakeLogits, 1));
    }

    /** Hinge discriminator loss: mean relu(1 − D(real)) + mean relu(1 + D(fake)). */
    public static Var hingeDiscriminator(Var realScores, Var fakeScores) {
        return F.add(F.mean(F.relu(F.affine(realScores, -1f, 1f))), F.mean(F.relu(F.affine(fakeScores, 1f, 1f))));
    }

    /** Hinge generator loss: −mean D(fake). */
    public static Var hingeGenerator(Var fakeScores) {
        return F.neg(F.mean(fakeScores));
    }

    // ---- constants in the operand's dtype and backend -------------------------------------------------------------

    private static Var filled(Var like, float v) {
        Backend be = like.backend();
        Tensor t = be.zeros(like.dtype(), like.shape());
        if (v != 0f) {
            be.fill(t, v);
        }
        return Var.constant(t);
    }

    private static Tensor constant(Var like, Shape s, double[] values) {
        Backend be = like.backend();
        if (like.dtype() == DType.F64) {
            return be.fromDoubles(s, values);
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return be.fromFloats(s, f);
    }
}
