package io.nextframe.models.svg.analysis;

import io.nextframe.data.Clip;

/**
 * Finds a known digit in a frame by cross-correlation (the thesis's tracker): the box position (top, left) that
 * maximises Σ patch·frame over the boxes inside the canvas. On a single-digit ground-truth frame the maximum is
 * unique and exact (Cauchy–Schwarz: any shift of a non-zero patch of finite support correlates less with it than
 * the patch itself), so the tracker recovers the generator's positions. Ties keep the first box in row-major order.
 */
public final class DigitTracker {
    private final int side;
    private final int canvas;
    /** The patch's non-zero pixels (MNIST digits are mostly background): offsets in the canvas and values. */
    private final int[] rows;
    private final int[] cols;
    private final float[] values;

    /** Tracks the side×side {@code patch} (row-major) in canvas×canvas frames. */
    public DigitTracker(float[] patch, int side, int canvas) {
        if (patch.length != side * side || side > canvas) {
            throw new IllegalArgumentException("DigitTracker: patch of " + patch.length + " values for side " + side
                    + " (expected " + side * side + ", side ≤ canvas " + canvas + ")");
        }
        int nz = 0;
        for (float v : patch) {
            if (v != 0) {
                nz++;
            }
        }
        if (nz == 0) {
            throw new IllegalArgumentException("DigitTracker: the patch is all zero; nothing to track");
        }
        this.side = side;
        this.canvas = canvas;
        rows = new int[nz];
        cols = new int[nz];
        values = new float[nz];
        int k = 0;
        for (int i = 0; i < patch.length; i++) {
            if (patch[i] != 0) {
                rows[k] = i / side;
                cols[k] = i % side;
                values[k++] = patch[i];
            }
        }
    }

    /** The side×side box of {@code clip}'s frame t, channel 0, at (top, left). */
    public static float[] cut(Clip clip, int t, int top, int left, int side) {
        float[] out = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                out[y * side + x] = clip.get(t, 0, top + y, left + x);
            }
        }
        return out;
    }

    /** The best box {top, left} in the canvas×canvas frame stored at {@code frames[offset …]}. */
    public int[] locate(float[] frames, int offset) {
        if (offset < 0 || offset + canvas * canvas > frames.length) {
            throw new IllegalArgumentException("DigitTracker.locate: a " + canvas + "×" + canvas + " frame at "
                    + offset + " does not fit in " + frames.length + " values");
        }
        int span = canvas - side + 1;
        double best = Double.NEGATIVE_INFINITY;
        int bestTop = 0, bestLeft = 0;
        for (int top = 0; top < span; top++) {
            for (int left = 0; left < span; left++) {
                int base = offset + top * canvas + left;
                double s = 0;
                for (int k = 0; k < values.length; k++) {
                    s += values[k] * frames[base + rows[k] * canvas + cols[k]];
                }
                if (s > best) {
                    best = s;
                    bestTop = top;
                    bestLeft = left;
                }
            }
        }
        return new int[] {bestTop, bestLeft};
    }
}
