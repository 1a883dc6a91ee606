/**
 * The two SVG analyses of Denton's thesis (ch. 6) on Stochastic Moving MNIST: the learned prior's σ_ψ over time
 * around wall collisions, on many clips that share one motion ({@link io.nextframe.models.svg.analysis.PriorSigma}),
 * and the trajectory-distribution test on single-digit clips, which tracks the digit in generated frames and compares
 * the per-step velocity histograms with those of the generator's own continuations of the same state
 * ({@link io.nextframe.models.svg.analysis.TrajectoryDistribution}).
 * {@link io.nextframe.models.svg.analysis.SvgAnalyses} is the entry point: it runs either one on a model and writes JSON, CSV and PNG files.
 */
package io.nextframe.models.svg.analysis;
