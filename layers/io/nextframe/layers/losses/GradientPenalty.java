package io.nextframe.layers.losses;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Autograd;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.Distribution;

import java.util.List;
import java.util.function.Function;

/**
 * WGAN-GP's penalty (Gulrajani et al.): λ·mean_b (‖∇_x̂ D(x̂)‖₂ − 1)² at x̂ = ε·real + (1 − ε)·fake, one ε ~ U[0, 1)
 * per sample from the counter-based generator. The gradient is taken with a graph so the penalty itself trains the
 * critic (a double backward; the critic must use differentiable-twice ops, e.g. LayerNorm rather than BatchNorm).
 */
public final class GradientPenalty {

    private GradientPenalty() {
    }

    public static Var of(Function<Var, Var> critic, Var real, Var fake, float lambda, long seed, long stream,
                         long counter) {
        if (!real.shape().equals(fake.shape())) {
            throw new IllegalArgumentException("gradient penalty: real " + real.shape() + " and fake "
                    + fake.shape() + " differ");
        }
        Backend be = real.backend();
        int[] dims = new int[real.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = real.dim(0);
        Tensor eps = be.zeros(real.dtype(), Shape.of(dims));
        be.fillRandom(Distribution.UNIFORM, seed, stream, counter, 0f, 1f, eps);
        Var e = Var.constant(eps);
        Var mixed = F.add(F.mul(e, real.detach()), F.mul(F.affine(e, -1f, 1f), fake.detach()));
        Var xHat = Var.param(mixed.value());
        Var scores = F.sum(critic.apply(xHat));
        Var g = Autograd.grad(List.of(scores), List.of(xHat), true).getFirst();
        Var norm = F.sqrt(F.affine(F.sum(F.square(F.flatten(g)), false, 1), 1f, 1e-12f));
        return F.scale(F.mean(F.square(F.affine(norm, 1f, -1f))), lambda);
    }
}
