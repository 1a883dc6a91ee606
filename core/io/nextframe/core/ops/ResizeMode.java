package io.nextframe.core.ops;

/**
 * Spatial resampling, PyTorch's {@code F.interpolate} semantics with the output size given by the output tensor.
 * NEAREST: src = floor(dst · in / out). LINEAR: bilinear in 2-D, trilinear in 3-D, linear in 1-D; with
 * alignCorners the corner pixels' centres coincide, else src = (dst + ½)·in/out − ½ clamped at 0.
 */
public enum ResizeMode {
    NEAREST, LINEAR
}
