package io.nextframe.models.eval;

/**
 * Structural similarity exactly as scikit-image's {@code structural_similarity} with its defaults, the way the SVG
 * authors call it (one call per channel of float frames, the results averaged over channels):
 * <ul>
 *   <li>a 7×7 uniform window (mean filter), K1 = 0.01, K2 = 0.03;</li>
 *   <li>sample covariance: the window variances and covariance are scaled by 49/48;</li>
 *   <li>C1 = (K1·R)², C2 = (K2·R)² with data range R. The authors pass float arrays without {@code data_range}, so
 *       scikit-image takes R from the dtype's nominal range [−1, 1]: R = 2, C1 = 0.02², C2 = 0.06². That is
 *       {@link #AUTHORS_DATA_RANGE}, the default here; R = 1 is what the value range of the frames would suggest;</li>
 *   <li>the SSIM map averaged after cropping a (7 − 1)/2 = 3-pixel border. Only windows lying wholly inside the
 *       image survive that crop, so scikit-image's border mode never affects the result and no padding is needed.</li>
 * </ul>
 * Computed in double precision on the float inputs (scikit-image computes in float64 for float64 input).
 * Frames must be at least 7×7, as scikit-image requires.
 */
public final class Ssim {
    /** Side of the uniform window. */
    public static final int WINDOW = 7;
    public static final double K1 = 0.01;
    public static final double K2 = 0.03;
    /** scikit-image's range for float input without {@code data_range}: dtype range [−1, 1]. */
    public static final double AUTHORS_DATA_RANGE = 2.0;

    private static final int NP = WINDOW * WINDOW;
    private static final double COV_NORM = NP / (NP - 1.0);

    private Ssim() {
    }

    /** SSIM of two frames with the authors' data range 2. */
    public static double of(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape) {
        return of(x, xOffset, y, yOffset, shape, AUTHORS_DATA_RANGE);
    }

    /** SSIM of two whole arrays, each exactly one frame of {@code shape}, with the authors' data range. */
    public static double of(float[] x, float[] y, FrameShape shape) {
        requireOneFrame(x, y, shape);
        return of(x, 0, y, 0, shape, AUTHORS_DATA_RANGE);
    }

    /** SSIM per channel (each as scikit-image on that plane), averaged over the channels. */
    public static double of(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape, double dataRange) {
        check(x, xOffset, y, yOffset, shape, dataRange);
        double sum = 0;
        for (int c = 0; c < shape.channels(); c++) {
            sum += plane(x, xOffset + c * shape.plane(), y, yOffset + c * shape.plane(), shape.height(),
                    shape.width(), dataRange);
        }
        return sum / shape.channels();
    }

    /** SSIM of channel {@code channel} alone. */
    public static double channel(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape, int channel,
            double dataRange) {
        check(x, xOffset, y, yOffset, shape, dataRange);
        if (channel < 0 || channel >= shape.channels()) {
            throw new IllegalArgumentException("Ssim: channel " + channel + " outside [0, " + shape.channels() + ")");
        }
        return plane(x, xOffset + channel * shape.plane(), y, yOffset + channel * shape.plane(), shape.height(),
                shape.width(), dataRange);
    }

    private static void requireOneFrame(float[] x, float[] y, FrameShape shape) {
        if (x != null && x.length != shape.size() || y != null && y.length != shape.size()) {
            throw new IllegalArgumentException("Ssim: expected arrays of one frame " + shape + " = " + shape.size()
                    + " values, got " + (x == null ? "null" : x.length) + " and " + (y == null ? "null" : y.length));
        }
    }

    private static void check(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape, double dataRange) {
        shape.check("Ssim", "x", x, xOffset);
        shape.check("Ssim", "y", y, yOffset);
        if (shape.height() < WINDOW || shape.width() < WINDOW) {
            throw new IllegalArgumentException("Ssim: frames must be at least " + WINDOW + "×" + WINDOW
                    + " (the window), got " + shape.height() + "×" + shape.width());
        }
        if (!(dataRange > 0) || Double.isInfinite(dataRange)) {
            throw new IllegalArgumentException("Ssim: data range must be finite and > 0, got " + dataRange);
        }
    }

    /**
     * The mean of the SSIM map over the windows centred at rows and columns [3, H − 4]. Window sums are built
     * separably: first 7-tap sums along each row for the five moments, then 7-tap sums of those down the columns.
     */
    private static double plane(float[] x, int xo, float[] y, int yo, int h, int w, double dataRange) {
        double c1 = (K1 * dataRange) * (K1 * dataRange);
        double c2 = (K2 * dataRange) * (K2 * dataRange);
        int ow = w - WINDOW + 1;
        int oh = h - WINDOW + 1;
        // Row sums: for every image row, the 7-wide horizontal sums of x, y, x², y², xy at each valid column.
        double[] sx = new double[h * ow];
        double[] sy = new double[h * ow];
        double[] sxx = new double[h * ow];
        double[] syy = new double[h * ow];
        double[] sxy = new double[h * ow];
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < ow; c++) {
                double ax = 0, ay = 0, axx = 0, ayy = 0, axy = 0;
                int base = r * w + c;
                for (int k = 0; k < WINDOW; k++) {
                    double vx = x[xo + base + k];
                    double vy = y[yo + base + k];
                    ax += vx;
                    ay += vy;
                    axx += vx * vx;
                    ayy += vy * vy;
                    axy += vx * vy;
                }
                int o = r * ow + c;
                sx[o] = ax;
                sy[o] = ay;
                sxx[o] = axx;
                syy[o] = ayy;
                sxy[o] = axy;
            }
        }
        double total = 0;
        for (int r = 0; r < oh; r++) {
            for (int c = 0; c < ow; c++) {
                double ax = 0, ay = 0, axx = 0, ayy = 0, axy = 0;
                for (int k = 0; k < WINDOW; k++) {
                    int o = (r + k) * ow + c;
                    ax += sx[o];
                    ay += sy[o];
                    axx += sxx[o];
                    ayy += syy[o];
                    axy += sxy[o];
                }
                double ux = ax / NP;
                double uy = ay / NP;
                double vx = COV_NORM * (axx / NP - ux * ux);
                double vy = COV_NORM * (ayy / NP - uy * uy);
                double vxy = COV_NORM * (axy / NP - ux * uy);
                double a1 = 2 * ux * uy + c1;
                double a2 = 2 * vxy + c2;
                double b1 = ux * ux + uy * uy + c1;
                double b2 = vx + vy + c2;
                total += a1 * a2 / (b1 * b2);
            }
        }
        return total / ((double) oh * ow);
    }
}
