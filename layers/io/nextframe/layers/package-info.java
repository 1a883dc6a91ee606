/**
 * Layers over the autograd ({@link io.nextframe.core.autograd.F}): modules with PyTorch's state-dict keys,
 * initialisers on the counter-based generator, and safetensors checkpoints. Nothing here names a concrete backend:
 * a module is built on whichever {@link io.nextframe.core.Backend} it is given.
 *
 * <h2>Pieces</h2>
 * <ul>
 *   <li>{@link io.nextframe.layers.Module}: parameters, buffers and children registered under local names; dotted
 *       names, {@code stateDict()}, strict and non-strict {@code load} (every missing, unexpected and mis-shaped key
 *       reported at once, before anything is written; optional buffers such as {@code num_batches_tracked} may be
 *       absent), {@code train()} / {@code eval()}, {@code parameterCount()}, {@code to(F64)} for gradient checks.</li>
 *   <li>{@link io.nextframe.layers.Block}: one input, one output; chained by {@link io.nextframe.layers.Sequential}
 *       (keys "0", "1", …) and fanned out by {@link io.nextframe.layers.Concat}.</li>
 *   <li>Layers: Linear, Conv (1–3-d), ConvTranspose, BatchNorm (with a batch-statistics-at-eval mode), LayerNorm,
 *       Dropout (elementwise or spatial), Pool, Upsample, Activation; LstmCell, LstmStack, ConvLstmCell; the
 *       seed-specific DynamicLocalFilter, DynamicConvolution, CrossConvolution, LaplacianPyramid (with
 *       {@link io.nextframe.layers.Resamplers}), GaussianSampler.</li>
 *   <li>{@link io.nextframe.layers.Rng}: one seed and a fresh Philox stream per tensor drawn, in construction order,
 *       so the same seed gives the same weights on every backend. {@link io.nextframe.layers.Init} and
 *       {@link io.nextframe.layers.Initializers}: PyTorch defaults, DCGAN's N(0, 0.02), DFN's He-uniform.</li>
 *   <li>{@link io.nextframe.layers.Checkpoint}: modules by prefix and optimizer state under {@code optim.<name>.}
 *       in one safetensors file with a flat {@code __metadata__} map, which also carries the counters of dropout layers
 *       and samplers ({@link io.nextframe.layers.RandomCounter}) so a resumed run draws the same masks.</li>
 * </ul>
 *
 * <h2>Who owns what</h2>
 * A module owns its parameter and buffer tensors (outside every scope) and the gradients accumulated on them; close
 * the module to free them. Forward passes allocate in the caller's scope. Optimizers update parameters in place, so a
 * load or a step never invalidates the Vars a later forward reads.
 */
package io.nextframe.layers;
