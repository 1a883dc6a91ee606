package io.nextframe.core.autograd;

import io.nextframe.core.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * One recorded op on the tape: its inputs, its backward formula and the private buffers it saved for the backward
 * pass (batch-norm statistics and the like). The op's output value and its inputs' values are owned by whoever
 * allocated them (a Backend scope); the node owns only its private buffers, which {@link #release()} closes when a
 * backward pass frees the graph.
 */
final class Node {
    private final String op;
    private Var[] inputs;
    private Backward backward;
    private List<Tensor> buffers;
    private boolean released;

    Node(String op, Var[] inputs, Backward backward) {
        this.op = op;
        this.inputs = inputs;
        this.backward = backward;
    }

    String op() {
        return op;
    }

    /** Saves a private tensor the backward formula reads; closed when the graph is freed. */
    void own(Tensor t) {
        if (buffers == null) {
            buffers = new ArrayList<>(2);
        }
        buffers.add(t);
    }

    Var[] inputs() {
        checkLive();
        return inputs;
    }

    /** Runs the backward formula and checks that each gradient has its input's shape. */
    Var[] apply(Var gy, boolean[] needs) {
        checkLive();
        Var[] gx = backward.apply(gy, needs);
        if (gx.length != inputs.length) {
            throw new IllegalStateException("backward of " + op + " gave " + gx.length + " gradients for "
                    + inputs.length + " inputs");
        }
        for (int i = 0; i < gx.length; i++) {
            if (gx[i] != null && inputs[i] != null && !gx[i].shape().equals(inputs[i].shape())) {
                throw new IllegalStateException("backward of " + op + " gave a gradient of shape " + gx[i].shape()
                        + " for input " + i + " of shape " + inputs[i].shape());
            }
        }
        return gx;
    }

    /** Frees the graph behind this node: drops the inputs and the formula, closes the private buffers. */
    void release() {
        if (released) {
            return;
        }
        released = true;
        inputs = null;
        backward = null;
        if (buffers != null) {
            for (Tensor t : buffers) {
                t.close();
            }
            buffers = null;
        }
    }

    private void checkLive() {
        if (released) {
            throw new IllegalStateException("the graph through op " + op + " was freed by an earlier backward pass;"
                    + " pass retainGraph=true to the first backward to run another one through it");
        }
    }
}
