package io.nextframe.models.svg;

import io.nextframe.core.Tensor;

import java.util.Arrays;

/** Checks of frame tensors before any compute, each naming what is wrong. */
final class SvgInputs {
    private SvgInputs() {
    }

    /** frames must be (B, T ≥ minFrames, channels, 64, 64), float, all values finite. */
    static void checkSequence(SvgConfig c, Tensor frames, String op, int minFrames) {
        int w = SvgConfig.IMAGE_WIDTH;
        if (frames.rank() != 5) {
            throw new IllegalArgumentException("SVG " + op + ": frames " + frames.shape()
                    + " must be (B, T, " + c.channels() + ", " + w + ", " + w + ")");
        }
        if (frames.dim(2) != c.channels()) {
            throw new IllegalArgumentException("SVG " + op + ": frames have " + frames.dim(2)
                    + " channels, the model takes " + c.channels());
        }
        if (frames.dim(3) != w || frames.dim(4) != w) {
            throw new IllegalArgumentException("SVG " + op + ": frame size " + frames.dim(3) + "×" + frames.dim(4)
                    + ", the model takes " + w + "×" + w);
        }
        if (frames.dim(1) < minFrames) {
            throw new IllegalArgumentException("SVG " + op + ": " + frames.dim(1) + " frames, at least " + minFrames
                    + " needed (skip mode " + c.skip().id() + ", n_past " + c.nPast() + ")");
        }
        if (frames.dim(0) < 1) {
            throw new IllegalArgumentException("SVG " + op + ": empty batch " + Arrays.toString(frames.shape().dims()));
        }
        float[] v = frames.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("SVG " + op + ": frames hold a non-finite value (" + v[i]
                        + ") at flat index " + i);
            }
        }
    }
}
