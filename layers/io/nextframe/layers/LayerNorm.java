package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

/**
 * nn.LayerNorm over the trailing axes of shape {@code normalizedShape}: (x − mean) / √(var + eps) · weight + bias,
 * with biased variance. Composed of differentiable ops, so it differentiates to any order (WGAN-GP critics need
 * the second order, which batch norm lacks).
 */
public final class LayerNorm extends Block {
    private final int[] normalized;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;

    public LayerNorm(Backend backend, int[] normalizedShape, float eps, boolean affine) {
        super(backend);
        if (normalizedShape.length == 0 || !(eps > 0)) {
            throw new IllegalArgumentException("LayerNorm: needs a non-empty normalized shape and eps > 0");
        }
        this.normalized = normalizedShape.clone();
        this.eps = eps;
        this.weight = affine ? parameter("weight", backend.full(Shape.of(normalized), 1f)) : null;
        this.bias = affine ? parameter("bias", backend.zeros(Shape.of(normalized))) : null;
    }

    public LayerNorm(Backend backend, int... normalizedShape) {
        this(backend, normalizedShape, 1e-5f, true);
    }

    @Override
    public Var forward(Var x) {
        int k = normalized.length, r = x.rank();
        boolean fits = r >= k;
        for (int i = 0; fits && i < k; i++) {
            fits = x.dim(r - k + i) == normalized[i];
        }
        if (!fits) {
            throw new IllegalArgumentException("LayerNorm" + Shape.of(normalized) + ": input " + x.shape()
                    + " does not end with the normalized shape");
        }
        int[] axes = new int[k];
        for (int i = 0; i < k; i++) {
            axes[i] = r - k + i;
        }
        Var centred = F.sub(x, F.mean(x, true, axes));
        Var var = F.mean(F.square(centred), true, axes);
        Var y = F.div(centred, F.sqrt(F.affine(var, 1f, eps)));
        return weight == null ? y : F.add(F.mul(y, weight.var()), bias.var());
    }
}
