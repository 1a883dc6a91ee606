package io.nextframe.models.drnet;

import io.nextframe.core.Tensor;

/** Checks of frame tensors and arrays before any compute, each naming what is wrong. */
final class DrnetInputs {
    private DrnetInputs() {
    }

    /** Training clips: (B ≥ 2, T ≥ max_step, channels, 64, 64); values are left to the loop's finite-loss check. */
    static void checkTraining(DrnetConfig c, Tensor clips) {
        checkDims(c, "train", clips.shape().dims(), c.maxStep());
        if (clips.dim(0) < 2) {
            throw new IllegalArgumentException("DrNET train: a batch of " + clips.dim(0) + " clip(s); the scene "
                    + "discriminator needs ≥ 2");
        }
    }

    /** (N, T ≥ minFrames, channels, 64, 64). */
    static void checkDims(DrnetConfig c, String op, int[] dims, int minFrames) {
        int w = DrnetConfig.IMAGE_WIDTH;
        if (dims.length != 5) {
            throw new IllegalArgumentException("DrNET " + op + ": clips of rank " + dims.length + " "
                    + java.util.Arrays.toString(dims) + "; expected (N, T, " + c.channels() + ", " + w + ", " + w
                    + ")");
        }
        if (dims[2] != c.channels()) {
            throw new IllegalArgumentException("DrNET " + op + ": clips have " + dims[2] + " channels, the model "
                    + "takes " + c.channels());
        }
        if (dims[3] != w || dims[4] != w) {
            throw new IllegalArgumentException("DrNET " + op + ": frame size " + dims[3] + "×" + dims[4]
                    + ", the model takes " + w + "×" + w);
        }
        if (dims[0] < 1) {
            throw new IllegalArgumentException("DrNET " + op + ": an empty batch");
        }
        if (dims[1] < minFrames) {
            throw new IllegalArgumentException("DrNET " + op + ": clips of " + dims[1] + " frames, at least "
                    + minFrames + " needed");
        }
    }

    /** Every value finite. */
    static void checkFinite(String op, float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) {
                throw new IllegalArgumentException("DrNET " + op + ": clips hold a non-finite value (" + v[i]
                        + ") at flat index " + i);
            }
        }
    }
}
