package io.nextframe.models.eval;

import java.io.Serializable;

/**
 * The shape (C, H, W) of one frame, stored channel-major (index c·H·W + y·W + x) in a float array with values in
 * [0, 1]. Metrics take a frame as (array, offset) so a clip (T, C, H, W) can be scored without copying.
 */
public record FrameShape(int channels, int height, int width) implements Serializable {
    public FrameShape {
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException("FrameShape: every dimension must be ≥ 1, got (C, H, W) = ("
                    + channels + ", " + height + ", " + width + ")");
        }
        if ((long) channels * height * width > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("FrameShape: (" + channels + ", " + height + ", " + width
                    + ") has more than 2^31 − 1 values");
        }
    }

    /** Values in one channel plane, H·W. */
    public int plane() {
        return height * width;
    }

    /** Values in one frame, C·H·W. */
    public int size() {
        return channels * height * width;
    }

    /** Checks that {@code a[offset … offset + size())} exists, naming the metric and the operand on failure. */
    void check(String metric, String operand, float[] a, int offset) {
        if (a == null) {
            throw new IllegalArgumentException(metric + ": " + operand + " is null");
        }
        if (offset < 0 || (long) offset + size() > a.length) {
            throw new IllegalArgumentException(metric + ": " + operand + " needs " + size() + " values " + this
                    + " from offset " + offset + ", but the array holds " + a.length);
        }
    }
}
