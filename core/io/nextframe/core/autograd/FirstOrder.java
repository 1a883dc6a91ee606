package io.nextframe.core.autograd;

/**
 * Ops whose backward is a fused first-order kernel (batch norm, pooling, LSTM cell, local filter, cross convolution):
 * their gradients are constants, so a create-graph pass through them would silently lose second-order terms.
 * They refuse it instead.
 */
final class FirstOrder {

    private FirstOrder() {
    }

    /** Throws when the running backward pass records a graph (createGraph = true). */
    static void require(String op) {
        if (Grad.isEnabled()) {
            throw new IllegalStateException(op + ": double backward (createGraph = true) is not supported; its"
                    + " backward is a fused first-order kernel. Keep " + op + " out of graphs differentiated twice"
                    + " (e.g. a gradient-penalty critic)");
        }
    }
}
