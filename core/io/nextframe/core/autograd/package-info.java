/**
 * Reverse-mode automatic differentiation on a tape over the {@link io.nextframe.core.Backend} ops.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.nextframe.core.autograd.Var}: a tensor value, whether it requires a gradient, and the recorded op
 *       that made it. Parameters are leaves made with {@code Var.param}; data are {@code Var.constant}.</li>
 *   <li>{@link io.nextframe.core.autograd.F}: every differentiable op. Each backward formula is written with Var ops,
 *       so a pass with {@code createGraph} records the gradient computation itself and gradients of gradients work
 *       (WGAN-GP). Without createGraph, formulas run with recording off and may use the fused first-order kernels.</li>
 *   <li>{@link io.nextframe.core.autograd.Grad}: the per-thread recording switch ({@code Grad.off()} for
 *       inference).</li>
 *   <li>{@link io.nextframe.core.autograd.Autograd}: the reverse pass: {@code backward} into leaves' {@code grad()},
 *       {@code grad(outputs, inputs, createGraph)} returning gradients as Vars.</li>
 * </ul>
 *
 * <h2>Who owns what</h2>
 * <ul>
 *   <li>An op's output tensor, like every Backend allocation, belongs to the thread's innermost open
 *       {@link io.nextframe.core.Scope} (or to the caller when none is open). A Var never closes its value.</li>
 *   <li>Forward values a backward formula reads (inputs, outputs) are referenced by the tape, not owned: they must
 *       stay open until the backward pass ran, i.e. run forward and backward inside one scope. Private buffers an op
 *       saves for its backward (batch-norm statistics) are owned by its node too: the backward pass closes them when it
 *       frees the graph (unless {@code retainGraph}), and the scope closes them otherwise.</li>
 *   <li>Without createGraph a backward pass allocates in a scope of its own, closed when it ends: nothing it made
 *       survives except the leaves' accumulated {@code grad()} (owned by each leaf, outside every scope, closed by
 *       {@code zeroGrad()}) and the gradients {@code Autograd.grad} returns (moved into the caller's scope).</li>
 *   <li>With createGraph the gradients are op outputs like any other and live in the caller's scope.</li>
 * </ul>
 * A training step is therefore {@code try (var s = backend.scope()) { loss = ...; loss.backward(); step(); }}
 * followed by {@code zeroGrad()} on the parameters, and leaves no tensor behind.
 */
package io.nextframe.core.autograd;
