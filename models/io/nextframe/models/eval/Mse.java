package io.nextframe.models.eval;

/** Mean squared error over every value of a frame (all channels), in double precision. */
public final class Mse {
    private Mse() {
    }

    public static double of(float[] x, int xOffset, float[] y, int yOffset, FrameShape shape) {
        shape.check("Mse", "x", x, xOffset);
        shape.check("Mse", "y", y, yOffset);
        return sumSquares(x, xOffset, y, yOffset, shape.size()) / shape.size();
    }

    static double sumSquares(float[] x, int xOffset, float[] y, int yOffset, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) {
            double d = (double) x[xOffset + i] - y[yOffset + i];
            s += d * d;
        }
        return s;
    }
}
