package io.nextframe.models.eval;

/**
 * Peak signal-to-noise ratio in dB, 10·log10(R² / MSE), with R = 1 ({@link #DATA_RANGE}) by default:
 * 10·log10(1 / MSE).
 * <p>{@link #of} follows the SVG authors' {@code utils.eval_seq}: scikit-image's {@code peak_signal_noise_ratio}
 * called on each channel (for float frames in [0, 1] it takes R = 1), averaged over channels. For one channel that
 * is the PSNR of the frame; for RGB it differs from {@link #wholeFrame}, the PSNR of the MSE over all channels
 * together (the authors' {@code finn_psnr} on a whole frame).
 * <p>A channel predicted exactly (MSE = 0) gives {@code +∞}, as numpy does, and so does the channel average;
 * {@link MetricAccumulator} documents how an infinite score enters means.
 */
public final class Psnr {
    /** Frames in [0, 1]. */
    public static final double DATA_RANGE = 1.0;

    private Psnr() {
    }

    /** Per-channel PSNR (R = 1) averaged over channels: the authors' evaluation. */
    public static double of(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape) {
        return of(x, xOffset, y, yOffset, shape, DATA_RANGE);
    }

    /** Per-channel PSNR with data range R, averaged over channels. */
    public static double of(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape, double dataRange) {
        shape.check("Psnr", "x", x, xOffset);
        shape.check("Psnr", "y", y, yOffset);
        double sum = 0;
        for (int c = 0; c < shape.channels(); c++) {
            int o = c * shape.plane();
            double mse = Mse.sumSquares(x, xOffset + o, y, yOffset + o, shape.plane()) / shape.plane();
            sum += fromMse(mse, dataRange);
        }
        return sum / shape.channels();
    }

    /** PSNR (R = 1) of the MSE over all values of the frame, channels together. */
    public static double wholeFrame(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape) {
        return fromMse(Mse.of(x, xOffset, y, yOffset, shape), DATA_RANGE);
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
