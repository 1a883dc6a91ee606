package io.nextframe.models.svg.analysis;

/**
 * A per-step mean over units (clips) with its 95% interval, mean ± 1.96·s/√n (s the sample standard deviation,
 * n − 1), as {@link io.nextframe.models.eval.MetricSummary} computes it. NaN entries (a unit without a value at that
 * step) are left out of that step; a step with fewer than two values has a NaN interval.
 */
public record StepStats(double[] mean, double[] low, double[] high, int[] count) {
    public static final double Z95 = 1.96;

    /** Statistics over {@code values[unit][step]}. */
    public static StepStats of(double[][] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("StepStats: no units");
        }
        int steps = values[0].length;
        double[] mean = new double[steps], low = new double[steps], high = new double[steps];
        int[] count = new int[steps];
        for (int t = 0; t < steps; t++) {
            double sum = 0;
            int n = 0;
            for (double[] v : values) {
                if (v.length != steps) {
                    throw new IllegalArgumentException("StepStats: units have " + steps + " and " + v.length
                            + " steps");
                }
                if (!Double.isNaN(v[t])) {
                    sum += v[t];
                    n++;
                }
            }
            double m = n == 0 ? Double.NaN : sum / n;
            double ss = 0;
            for (double[] v : values) {
                if (!Double.isNaN(v[t])) {
                    ss += (v[t] - m) * (v[t] - m);
                }
            }
            double half = n < 2 ? Double.NaN : Z95 * Math.sqrt(ss / (n - 1) / n);
            mean[t] = m;
            low[t] = m - half;
            high[t] = m + half;
            count[t] = n;
        }
        return new StepStats(mean, low, high, count);
    }

    /** Half the interval's width per step (NaN where undefined), for error bars. */
    public double[] halfWidth() {
        double[] out = new double[mean.length];
        for (int t = 0; t < out.length; t++) {
            out[t] = (high[t] - low[t]) / 2;
        }
        return out;
    }
}
