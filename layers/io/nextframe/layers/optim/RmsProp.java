package io.nextframe.layers.optim;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.layers.Parameter;

import java.util.Map;

/**
 * RMSProp as torch.optim.RMSprop (not centred, no momentum): s ← α·s + (1 − α)·g²; w ← w − lr·g / (√s + ε).
 * WGAN's critic and generator use it with lr 5e-5. Slot "square_avg".
 */
public final class RmsProp extends Optimizer {
    private final double alpha;
    private final double eps;

    public RmsProp(Map<String, Parameter> params, double lr, double alpha, double eps) {
        super(params, lr, "square_avg");
        if (!(alpha >= 0 && alpha < 1) || !(eps > 0)) {
            throw new IllegalArgumentException("RmsProp: alpha " + alpha + " in [0, 1), eps " + eps + " > 0 expected");
        }
        this.alpha = alpha;
        this.eps = eps;
    }

    /** PyTorch's defaults: alpha 0.99, eps 1e-8. */
    public RmsProp(Map<String, Parameter> params, double lr) {
        this(params, lr, 0.99, 1e-8);
    }

    @Override
    protected void update(Backend be, Tensor w, Tensor g, Map<String, Tensor> slots, long t) {
        Tensor s = slots.get("square_avg");
        be.unary(UnaryOp.AFFINE, (float) alpha, 0f, s, s);
        be.binary(BinaryOp.ADD, s, be.unary(UnaryOp.AFFINE, (float) (1 - alpha), 0f, be.unary(UnaryOp.SQUARE, g)), s);
        Tensor denom = be.unary(UnaryOp.AFFINE, 1f, (float) eps, be.unary(UnaryOp.SQRT, s));
        Tensor step = be.binary(BinaryOp.DIV, g, denom);
        be.binary(BinaryOp.ADD, w, be.unary(UnaryOp.AFFINE, (float) -lr, 0f, step), w);
    }
}
