package io.nextframe.layers;

import io.nextframe.core.autograd.Var;

/** A pair of down/up-sampling operators for {@link LaplacianPyramid}, both differentiable, on (B, C, H, W). */
public interface Resampler {

    /** Halves the spatial size (rounding up for odd sizes where the operator allows). */
    Var down(Var x);

    /** Resamples x up to exactly h × w. */
    Var up(Var x, int h, int w);
}
