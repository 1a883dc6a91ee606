package io.nextframe.core.autograd;

/**
 * The backward formula of one recorded op: given the gradient {@code gy} of the op's output, the gradients of its
 * inputs ({@code null} where {@code needs[i]} is false or the input is absent). Formulas are written with
 * {@link Var} ops, so that when the tape runs them with recording on (create-graph mode) the gradients are
 * themselves differentiable; with recording off they may call fused first-order kernels instead.
 */
@FunctionalInterface
interface Backward {
    Var[] apply(Var gy, boolean[] needs);
}
