package io.nextframe.models.eval;

/**
 * Peak signal-to-noise ratio in dB, 10·log10(R² / MSE), over all values of a frame. The authors' (SVG) definition
 * uses R = 1 ({@link #DATA_RANGE}): 10·log10(1 / MSE). Identical frames (MSE = 0) give {@code +∞}, as in the authors'
 * numpy code; {@link MetricAccumulator} documents how an infinite score enters means.
 */
public final class Psnr {
    /** Frames in [0, 1]. */
    public static final double DATA_RANGE = 1.0;

    private Psnr() {
    }

    public static double of(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape) {
        return fromMse(Mse.of(x, xOffset, y, yOffset, shape), DATA_RANGE);
    }

    public static double of(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape, double dataRange) {
        return fromMse(Mse.of(x, xOffset, y, yOffset, shape), dataRange);
    }

    /** 10·log10(R² / mse); {@code +∞} when mse = 0. */
    public static double fromMse(double mse, double dataRange) {
        if (!(mse >= 0) || Double.isInfinite(mse)) {
            throw new IllegalArgumentException("Psnr: MSE must be finite and ≥ 0, got " + mse);
        }
        if (!(dataRange > 0) || Double.isInfinite(dataRange)) {
            throw new IllegalArgumentException("Psnr: data range must be finite and > 0, got " + dataRange);
        }
        if (mse == 0) {
            return Double.POSITIVE_INFINITY;
        }
        return 10 * Math.log10(dataRange * dataRange / mse);
    }
}
