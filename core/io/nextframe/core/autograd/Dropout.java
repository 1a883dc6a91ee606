package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.Distribution;
import io.nextframe.core.ops.UnaryOp;

/**
 * Inverted dropout: each element is kept with probability 1 − p and scaled by 1/(1 − p). The mask comes from the
 * counter-based generator, so (seed, stream, counter) fix it on every backend; it is a constant the output is
 * multiplied by, hence differentiable to any order.
 */
final class Dropout {

    private Dropout() {
    }

    static Var dropout(Var x, float p, boolean training, long seed, long stream, long counter) {
        if (!(p >= 0f && p <= 1f)) {
            throw new IllegalArgumentException("dropout: probability " + p + " must be in [0, 1]");
        }
        if (!training || p == 0f) {
            return x;
        }
        Backend be = x.backend();
        Tensor u = be.zerosLike(x.value());
        if (p < 1f) {
            be.fillRandom(Distribution.UNIFORM, seed, stream, counter, 0f, 1f, u);
            // u ∈ [0, 1): u ≥ p with probability 1 − p; GREATER_THAN is strict, which differs only on a null set
            Tensor keep = be.unary(UnaryOp.GREATER_THAN, p, 0f, u);
            be.unary(UnaryOp.AFFINE, 1f / (1f - p), 0f, keep, u);
        }
        return F.mul(x, Var.constant(u));
    }
}
