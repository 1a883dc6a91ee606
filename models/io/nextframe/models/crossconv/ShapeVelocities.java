package io.nextframe.models.crossconv;

import io.nextframe.data.shapes.ShapePair;

/**
 * Each shape's displacement, in pixels of a 64×64 image, between a first frame and a next frame given at a model's
 * output resolution: the {@link VelocityEstimator} on the first frame's ownership mask, downsampled from the
 * generator's canvas, then scaled by 64 / outputSize.
 */
public final class ShapeVelocities {
    private final VelocityEstimator estimator;
    private final int outputSize;

    public ShapeVelocities(int outputSize, double maxShift64) {
        this.estimator = VelocityEstimator.forShapes(outputSize, maxShift64);
        this.outputSize = outputSize;
    }

    /**
     * @param pair   the pair (its canvas-resolution ownership map of the first frame)
     * @param first  the first frame at the output resolution, (3, n, n)
     * @param next   the real or generated next frame at the output resolution
     * @return (dx, dy) at 64² for each shape in {@link io.nextframe.data.shapes.ShapeKind} order; NaN if hidden
     */
    public double[][] measure(ShapePair pair, float[] first, float[] next) {
        int canvas = pair.frames().height();
        int[] owner = VelocityEstimator.downsampleOwner(pair.owner(), canvas, outputSize);
        double scale = 64.0 / outputSize;
        double[][] out = new double[pair.shapes().length][];
        for (int k = 0; k < out.length; k++) {
            double[] d = estimator.estimate(first, next, owner, k);
            out[k] = new double[] {d[0] * scale, d[1] * scale};
        }
        return out;
    }
}
