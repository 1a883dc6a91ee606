package io.nextframe.models.eval;

import java.util.List;

/**
 * A per-frame score with its result name (CONTRACTS.md §5), its direction and how the K samples of a sequence are
 * reduced. {@link #score} receives the ground-truth frame first, the predicted frame second.
 */
public record FrameMetric(String name, Direction direction, Selection selection, Scorer scorer) {
    /** Scores one predicted frame against its ground truth. */
    @FunctionalInterface
    public interface Scorer {
        double score(float[] truth, int truthOffset, float[] prediction, int predictionOffset, FrameShape shape);
    }

    public FrameMetric {
        if (name == null || name.isEmpty() || direction == null || selection == null || scorer == null) {
            throw new IllegalArgumentException("FrameMetric: name, direction, selection and scorer are required");
        }
    }

    public double score(float[] truth, int truthOffset, float[] prediction, int predictionOffset, FrameShape shape) {
        return scorer.score(truth, truthOffset, prediction, predictionOffset, shape);
    }

    /** SVG's best-of-K SSIM with the authors' data range 2 ({@link Ssim}). */
    public static FrameMetric ssimBest() {
        return ssimBest(Ssim.AUTHORS_DATA_RANGE);
    }

    /** Best-of-K SSIM with another data range (1 = the frames' actual range). */
    public static FrameMetric ssimBest(double dataRange) {
        return new FrameMetric("ssim_best", Direction.HIGHER_IS_BETTER, Selection.BEST,
                (t, to, p, po, s) -> Ssim.of(t, to, p, po, s, dataRange));
    }

    /** SVG's best-of-K PSNR: per channel, data range 1, averaged over channels ({@link Psnr#of}). */
    public static FrameMetric psnrBest() {
        return psnrBest(Psnr.DATA_RANGE);
    }

    /** Best-of-K PSNR with another data range (old scikit-image took 2 for float input without data_range). */
    public static FrameMetric psnrBest(double dataRange) {
        return new FrameMetric("psnr_best", Direction.HIGHER_IS_BETTER, Selection.BEST,
                (t, to, p, po, s) -> Psnr.of(t, to, p, po, s, dataRange));
    }

    /** MSE averaged over the K samples. */
    public static FrameMetric mse() {
        return new FrameMetric("mse", Direction.LOWER_IS_BETTER, Selection.MEAN, Mse::of);
    }

    /** DFN's BCE per pixel, averaged over the K samples. */
    public static FrameMetric bce() {
        return new FrameMetric("bce", Direction.LOWER_IS_BETTER, Selection.MEAN, Bce::perPixel);
    }

    /** DFN's BCE per frame (C·H·W × per pixel: 4096 × for 64×64 gray, the paper's unit). */
    public static FrameMetric bceFrame() {
        return new FrameMetric("bce_frame", Direction.LOWER_IS_BETTER, Selection.MEAN, Bce::perFrame);
    }

    /** SSIM and PSNR best-of-K and MSE: what SVG, DrNET and the other video predictors report. */
    public static List<FrameMetric> videoDefaults() {
        return List.of(ssimBest(), psnrBest(), mse());
    }

    /** Everything above plus both BCE units (DFN). */
    public static List<FrameMetric> all() {
        return List.of(ssimBest(), psnrBest(), mse(), bce(), bceFrame());
    }
}
