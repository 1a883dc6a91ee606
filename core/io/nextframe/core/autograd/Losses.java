package io.nextframe.core.autograd;

import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.UnaryOp;

/** Losses composed of differentiable ops (so they differentiate to any order); each returns a scalar Var. */
final class Losses {

    private Losses() {
    }

    /** mean((a − b)²) over every element. */
    static Var mse(Var a, Var b) {
        return F.mean(F.square(F.sub(a, b)));
    }

    /**
     * −mean(t·log p + (1 − t)·log(1 − p)) with p clamped to [eps, 1 − eps] so that saturated probabilities give a
     * finite loss (and, as in PyTorch's clamp, no gradient where they were clamped).
     */
    static Var bce(Var p, Var t, float eps) {
        Var pc = F.unary(UnaryOp.CLAMP, eps, 1f - eps, p);
        Var pos = F.mul(t, F.log(pc));
        Var neg = F.mul(F.affine(t, -1f, 1f), F.log(F.affine(pc, -1f, 1f)));
        return F.neg(F.mean(F.add(pos, neg)));
    }

    /** BCE on logits z: mean(softplus(z) − t·z), stable for any z (softplus is computed stably). */
    static Var bceWithLogits(Var z, Var t) {
        return F.mean(F.sub(F.softplus(z), F.mul(t, z)));
    }

    /**
     * KL(N(μ1, e^{lv1}) ‖ N(μ2, e^{lv2})) summed over elements and divided by the batch size (dim 0), as SVG's
     * kl_criterion: log(σ2/σ1) + (e^{lv1} + (μ1 − μ2)²)/(2e^{lv2}) − ½, with log(σ2/σ1) = (lv2 − lv1)/2.
     */
    static Var klGaussian(Var mu1, Var logvar1, Var mu2, Var logvar2) {
        Var logRatio = F.scale(F.sub(logvar2, logvar1), 0.5f);
        Var num = F.add(F.exp(logvar1), F.square(F.sub(mu1, mu2)));
        Var frac = F.div(num, F.scale(F.exp(logvar2), 2f));
        Var kld = F.affine(F.add(logRatio, frac), 1f, -0.5f);
        Tensor batch = mu1.backend().zeros(mu1.dtype(), Shape.scalar());
        mu1.backend().fill(batch, mu1.dim(0));
        return F.div(F.sum(kld), Var.constant(batch));
    }
}
