package io.nextframe.layers;

import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Var;

/**
 * A trainable tensor of a module. The tensor is owned by the parameter (outside every scope) and updated in place
 * by optimizers; {@link #var()} is the leaf that forward passes read and into which backward accumulates gradients.
 * Loading replaces the contents, never the tensor, so optimizer state keyed on the parameter stays valid.
 */
public final class Parameter {
    private Tensor value;
    private Var var;
    private boolean trainable = true;

    Parameter(Tensor value) {
        this.value = value.backend().unscoped(value);
        this.var = Var.param(this.value);
    }

    public Tensor value() {
        return value;
    }

    /** The leaf read by forward passes: a param Var when trainable, else a constant. */
    public Var var() {
        return var;
    }

    /** The gradient accumulated by backward passes, or null. */
    public Tensor grad() {
        return var.grad();
    }

    public void zeroGrad() {
        var.zeroGrad();
    }

    public boolean trainable() {
        return trainable;
    }

    /** Freezes (false) or unfreezes the parameter; a frozen one reads as a constant and receives no gradient. */
    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        var.zeroGrad();
        var = trainable ? Var.param(value) : Var.constant(value);
    }

    /** Replaces the tensor (dtype or backend change); the old one is closed. */
    void replace(Tensor t) {
        var.zeroGrad();
        Tensor old = value;
        value = t.backend().unscoped(t);
        var = trainable ? Var.param(value) : Var.constant(value);
        old.close();
    }

    void close() {
        var.zeroGrad();
        value.close();
    }
}
