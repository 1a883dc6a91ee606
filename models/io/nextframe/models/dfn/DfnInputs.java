package io.nextframe.models.dfn;

import java.util.Arrays;

/**
 * Checks clips handed to a DFN before any compute, naming what is wrong: layout (T, 1, H, W) or (N, T, 1, H, W),
 * one channel, the model's frame size, at least P context frames, finite values.
 */
final class DfnInputs {

    private DfnInputs() {
    }

    /** Returns {N, T} for valid input; throws IllegalArgumentException otherwise. */
    static int[] check(DfnConfig c, int[] dims, float[] data, int contextNeeded) {
        int[] d = dims.length == 4 ? new int[] {1, dims[0], dims[1], dims[2], dims[3]} : dims;
        if (d.length != 5) {
            throw new IllegalArgumentException("DFN input: shape " + Arrays.toString(dims)
                    + "; expected (T, 1, H, W) or (N, T, 1, H, W)");
        }
        if (d[2] != 1) {
            throw new IllegalArgumentException("DFN input: " + d[2] + " channels in shape " + Arrays.toString(dims)
                    + "; the model takes 1 (grey) channel");
        }
        if (d[3] != c.npx() || d[4] != c.npx()) {
            throw new IllegalArgumentException("DFN input: frames of " + d[3] + "×" + d[4] + "; the model takes "
                    + c.npx() + "×" + c.npx());
        }
        if (d[1] < contextNeeded) {
            throw new IllegalArgumentException("DFN input: " + d[1] + " frames, but the model needs "
                    + contextNeeded + " context frames");
        }
        if (d[0] < 1) {
            throw new IllegalArgumentException("DFN input: an empty batch");
        }
        long n = (long) d[0] * d[1] * d[3] * d[4];
        if (data.length != n) {
            throw new IllegalArgumentException("DFN input: " + data.length + " values for shape "
                    + Arrays.toString(dims));
        }
        int frame = d[3] * d[4];
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                int clip = i / (d[1] * frame), t = i / frame % d[1];
                throw new IllegalArgumentException("DFN input: value " + data[i] + " (not finite) in clip " + clip
                        + ", frame " + t + ", pixel " + (i % frame));
            }
        }
        return new int[] {d[0], d[1]};
    }
}
