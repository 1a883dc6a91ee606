package io.nextframe.layers.optim;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.layers.Parameter;

import java.util.Map;

/**
 * Adam as torch.optim.Adam: g ← g + wd·w (L2 weight decay); m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²;
 * w ← w − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε). Slots "exp_avg", "exp_avg_sq".
 */
public final class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;

    public Adam(Map<String, Parameter> params, double lr, double beta1, double beta2, double eps,
                double weightDecay) {
        super(params, lr, "exp_avg", "exp_avg_sq");
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps > 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Adam: betas (" + beta1 + ", " + beta2 + ") in [0, 1), eps " + eps
                    + " > 0, weight decay " + weightDecay + " ≥ 0 expected");
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
    }

    /** PyTorch's defaults but the learning rate: betas (0.9, 0.999), eps 1e-8, no weight decay. */
    public Adam(Map<String, Parameter> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0);
    }

    @Override
    protected void update(Backend be, Tensor w, Tensor g, Map<String, Tensor> slots, long t) {
        Tensor grad = g;
        if (weightDecay != 0) {
            grad = be.binary(BinaryOp.ADD, g, be.unary(UnaryOp.AFFINE, (float) weightDecay, 0f, w));
        }
        Tensor m = slots.get("exp_avg"), v = slots.get("exp_avg_sq");
        be.unary(UnaryOp.AFFINE, (float) beta1, 0f, m, m);
        be.binary(BinaryOp.ADD, m, be.unary(UnaryOp.AFFINE, (float) (1 - beta1), 0f, grad), m);
        be.unary(UnaryOp.AFFINE, (float) beta2, 0f, v, v);
        Tensor g2 = be.unary(UnaryOp.SQUARE, grad);
        be.binary(BinaryOp.ADD, v, be.unary(UnaryOp.AFFINE, (float) (1 - beta2), 0f, g2), v);
        double bc1 = 1 - Math.pow(beta1, t), bc2 = 1 - Math.pow(beta2, t);
        Tensor denom = be.unary(UnaryOp.AFFINE, (float) (1 / Math.sqrt(bc2)), (float) eps,
                be.unary(UnaryOp.SQRT, v));
        Tensor step = be.binary(BinaryOp.DIV, m, denom);
        be.binary(BinaryOp.ADD, w, be.unary(UnaryOp.AFFINE, (float) (-lr / bc1), 0f, step), w);
    }
}
