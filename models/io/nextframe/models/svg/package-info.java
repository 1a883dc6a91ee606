/**
 * Stochastic Video Generation (Denton &amp; Fergus 2018) as the authors' PyTorch code (edenton/svg) builds it:
 * DCGAN-64 and VGG-64 encoders/decoders with skip connections, the {@code lstm} frame predictor and the
 * {@code gaussian_lstm} posterior and learned prior, in one {@link io.nextframe.models.svg.SvgModel} for SVG-LP,
 * SVG-FP and the deterministic baseline. State-dict keys and shapes are PyTorch's, so an exported checkpoint
 * (scripts/export_svg_from_pytorch.py) loads with {@link io.nextframe.models.svg.SvgFiles}. Training follows
 * train_svg_lp.py ({@link io.nextframe.models.svg.SvgTrainer}); generation follows generate_svg_lp.py, with a
 * mean-latent mode and a choice of BatchNorm statistics.
 */
package io.nextframe.models.svg;
