package io.nextframe.models.eval;

/**
 * Binary cross-entropy of a predicted frame p against a target frame y, as the DFN authors evaluate it:
 * −[y·log p + (1 − y)·log(1 − p)] per value with p clipped to [ε, 1 − ε], ε = {@link #EPSILON} (float32 machine
 * epsilon, the authors' value), in double precision.
 * <ul>
 *   <li>{@link #perPixel}: the mean over the frame's C·H·W values (the authors' 0.068914);</li>
 *   <li>{@link #perFrame}: the sum over the frame's values, i.e. C·H·W × the per-pixel mean; for a 64×64 gray frame
 *       4096 × per-pixel (the DFN paper's table unit, 282.3).</li>
 * </ul>
 * The target is used as is (it may be soft); the prediction is clipped.
 */
public final class Bce {
    /** 2^−23 = 1.1920929e−07 (numpy's float32 eps), the DFN code's clip. */
    public static final double EPSILON = Math.ulp(1.0f);

    private Bce() {
    }

    /** Mean BCE per value; {@code target} = y, {@code prediction} = p. */
    public static double perPixel(float[] target, int targetOffset, float[] prediction, int predictionOffset,
            FrameShape shape) {
        return perFrame(target, targetOffset, prediction, predictionOffset, shape) / shape.size();
    }

    /** BCE summed over the frame's values. */
    public static double perFrame(float[] target, int targetOffset, float[] prediction, int predictionOffset,
            FrameShape shape) {
        shape.check("Bce", "target", target, targetOffset);
        shape.check("Bce", "prediction", prediction, predictionOffset);
        double s = 0;
        for (int i = 0; i < shape.size(); i++) {
            s += value(target[targetOffset + i], prediction[predictionOffset + i]);
        }
        return s;
    }

    /** The BCE of one value. A NaN prediction stays NaN: Math.max/min propagate it, so clipping cannot hide it. */
    static double value(double y, double p) {
        double q = Math.min(Math.max(p, EPSILON), 1 - EPSILON);
        return -(y * Math.log(q) + (1 - y) * Math.log(1 - q));
    }
}
