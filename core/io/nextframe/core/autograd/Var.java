package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;

/**
 * A value on the tape: a {@link Tensor}, whether gradients flow to it, and the recorded op that made it (none for
 * leaves and constants). Trainable parameters are plain leaves with {@code requiresGrad}; {@link #backward()}
 * accumulates into their {@link #grad()}.
 *
 * <p>Ownership: a Var never owns its value; the tensor belongs to whoever allocated it (the op's Backend scope, or the
 * caller for leaves). The accumulated {@link #grad()} of a leaf is owned by the Var itself, lives outside every scope
 * and is closed by {@link #zeroGrad()}.
 */
public final class Var {
    private final Tensor value;
    private final boolean requiresGrad;
    private final Node node;
    private Tensor grad;

    private Var(Tensor value, boolean requiresGrad, Node node) {
        if (value == null) {
            throw new IllegalArgumentException("Var: value is null");
        }
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A leaf that receives gradients (a trainable parameter, or an input one differentiates against). */
    public static Var param(Tensor value) {
        return new Var(value, true, null);
    }

    /** A leaf that receives no gradient (data, targets, masks). */
    public static Var constant(Tensor value) {
        return new Var(value, false, null);
    }

    /**
     * The output of an op: recorded with its backward formula when recording is on and some input requires a
     * gradient, else a constant. Inputs may contain nulls (absent optional operands).
     */
    static Var make(String op, Tensor value, Backward backward, Var... inputs) {
        if (Grad.isEnabled()) {
            for (Var in : inputs) {
                if (in != null && in.requiresGrad) {
                    return new Var(value, true, new Node(op, inputs.clone(), backward));
                }
            }
        }
        return new Var(value, false, null);
    }

    public Tensor value() {
        return value;
    }

    public Shape shape() {
        return value.shape();
    }

    public int rank() {
        return value.rank();
    }

    public int dim(int axis) {
        return value.dim(axis);
    }

    public DType dtype() {
        return value.dtype();
    }

    public Backend backend() {
        return value.backend();
    }

    /** The single value of a one-element Var (a loss), read to the host. */
    public double item() {
        if (value.size() != 1) {
            throw new IllegalStateException("item() of " + this + ": expected exactly one element, got "
                    + value.size());
        }
        return value.toDoubleArray()[0];
    }

    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for params and constants: values not made by a recorded op. */
    public boolean isLeaf() {
        return node == null;
    }

    /** The name of the op that made this value, or null for a leaf. */
    public String op() {
        return node == null ? null : node.op();
    }

    Node node() {
        return node;
    }

    /** The same value, cut from the tape (a constant). */
    public Var detach() {
        return constant(value);
    }

    /** The gradient accumulated by backward passes (leaves only), or null if none reached it yet. */
    public Tensor grad() {
        return grad;
    }

    /** Closes and forgets the accumulated gradient. */
    public void zeroGrad() {
        if (grad != null) {
            grad.close();
            grad = null;
        }
    }

    /** Adds {@code g} (same shape) into the accumulated gradient, which outlives every scope. */
    void accumulate(Tensor g) {
        Backend b = value.backend();
        if (grad == null) {
            grad = b.unscoped(b.copyOf(g));
        } else {
            b.binary(BinaryOp.ADD, grad, g, grad);
        }
    }

    /** Backpropagates from this one-element value with seed 1, accumulating into the leaves' {@link #grad()}. */
    public void backward() {
        Autograd.backward(this, null, false, false);
    }

    /** Backpropagates from this value with gradient {@code seed} (its shape) into the leaves' {@link #grad()}. */
    public void backward(Tensor seed) {
        Autograd.backward(this, seed, false, false);
    }

    /** As {@link #backward(Tensor)}; {@code retainGraph} keeps the graph for another pass (seed null means 1). */
    public void backward(Tensor seed, boolean retainGraph) {
        Autograd.backward(this, seed, retainGraph, false);
    }

    @Override
    public String toString() {
        return "Var" + value.shape() + (node != null ? "<" + node.op() + ">" : requiresGrad ? "<param>" : "");
    }
}
