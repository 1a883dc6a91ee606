/**
 * Evaluation metrics shared by every model family, on host float arrays (frames (C, H, W) in [0, 1]): SSIM as
 * scikit-image's defaults ({@link io.nextframe.models.eval.Ssim}), PSNR, MSE, DFN's BCE, SVG's best-of-K
 * aggregation with 95% intervals in a streaming, exactly mergeable accumulator
 * ({@link io.nextframe.models.eval.EvalAccumulator}), the eval JSON of CONTRACTS.md §5
 * ({@link io.nextframe.models.eval.EvalResult}) and LAPGAN's Gaussian Parzen-window log-likelihood
 * ({@link io.nextframe.models.eval.ParzenWindow}). No backend is involved. docs/METRICS.md has the definitions.
 */
package io.nextframe.models.eval;
