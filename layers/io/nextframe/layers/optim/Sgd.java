package io.nextframe.layers.optim;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.layers.Parameter;

import java.util.Map;

/**
 * SGD with momentum, PyTorch's rule: g ← g + wd·w; v ← μ·v + (1 − dampening)·g (v ← g at the first step, as
 * PyTorch initialises its buffer); w ← w − lr·v. The momentum may
 * change between steps ({@link #setMomentum}), e.g. by LAPGAN's schedule ({@link Schedules#lapganMomentum}).
 * Slot "momentum_buffer".
 */
public final class Sgd extends Optimizer {
    private double momentum;
    private final double dampening;
    private final double weightDecay;

    public Sgd(Map<String, Parameter> params, double lr, double momentum, double dampening, double weightDecay) {
        super(params, lr, "momentum_buffer");
        if (!(momentum >= 0) || !(dampening >= 0 && dampening <= 1) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException("Sgd: momentum " + momentum + " ≥ 0, dampening " + dampening
                    + " in [0, 1], weight decay " + weightDecay + " ≥ 0 expected");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.weightDecay = weightDecay;
    }

    public Sgd(Map<String, Parameter> params, double lr, double momentum) {
        this(params, lr, momentum, 0, 0);
    }

    public double momentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    @Override
    protected void update(Backend be, Tensor w, Tensor g, Map<String, Tensor> slots, long t) {
        Tensor grad = g;
        if (weightDecay != 0) {
            grad = be.binary(BinaryOp.ADD, g, be.unary(UnaryOp.AFFINE, (float) weightDecay, 0f, w));
        }
        Tensor v = slots.get("momentum_buffer");
        if (t == 1) {
            be.copy(grad, v);
        } else {
            be.unary(UnaryOp.AFFINE, (float) momentum, 0f, v, v);
            be.binary(BinaryOp.ADD, v, be.unary(UnaryOp.AFFINE, (float) (1 - dampening), 0f, grad), v);
        }
        be.binary(BinaryOp.ADD, w, be.unary(UnaryOp.AFFINE, (float) -lr, 0f, v), w);
    }
}
