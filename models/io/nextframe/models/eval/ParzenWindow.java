package io.nextframe.models.eval;

import java.util.stream.IntStream;

/**
 * Gaussian Parzen-window log-likelihood, LAPGAN's evaluation (specs/denton-thesis.md, with the thesis's missing
 * minus sign restored): for a test point x of dimension D and N generated samples s_i,
 * <pre>log p(x) = logsumexp_i(−‖x − s_i‖² / (2σ²)) − log N − (D/2)·log(2πσ²)</pre>
 * in nats. σ is chosen on a validation set from a grid ({@link #selectSigma}), then the test set is scored
 * ({@link #score}).
 *
 * <p>Computed in double: squared distances from float differences accumulated in double (no ‖x‖² + ‖s‖² − 2x·s
 * shortcut, which cancels badly for near neighbours); log-sum-exp shifted by its maximum. The distances of a point
 * are computed once and reused for every σ of a grid. Points are processed in parallel (a parallel stream over
 * test points), each point's value by the same sequential loops, so results do not depend on the thread count.
 */
public final class ParzenWindow {
    /** Goodfellow et al.'s grid for MNIST-like data in [0, 1]: 10 values log-spaced from 0.1 to 1. */
    public static double[] defaultGrid() {
        double[] g = new double[10];
        for (int i = 0; i < g.length; i++) {
            g[i] = Math.pow(10, -1 + i / 9.0);
        }
        return g;
    }

    private final float[] samples;
    private final int count;
    private final int dim;

    /**
     * @param samples the N generated samples, row-major (N, D); not copied, must not change while in use
     * @param count   N ≥ 1
     * @param dim     D ≥ 1
     */
    public ParzenWindow(float[] samples, int count, int dim) {
        if (count < 1 || dim < 1) {
            throw new IllegalArgumentException("ParzenWindow: need N ≥ 1 samples of dimension D ≥ 1, got N " + count
                    + ", D " + dim);
        }
        if (samples == null || (long) count * dim != samples.length) {
            throw new IllegalArgumentException("ParzenWindow: samples must hold N × D = " + (long) count * dim
                    + " values, got " + (samples == null ? "null" : samples.length));
        }
        this.samples = samples;
        this.count = count;
        this.dim = dim;
    }

    public int count() {
        return count;
    }

    public int dim() {
        return dim;
    }

    /** ‖x − s_i‖² for every sample i, x at {@code points[offset … offset + D)}. */
    public double[] squaredDistances(float[] points, int offset) {
        if (offset < 0 || (long) offset + dim > points.length) {
            throw new IllegalArgumentException("ParzenWindow: a point needs " + dim + " values from offset " + offset
                    + ", array holds " + points.length);
        }
        double[] d = new double[count];
        for (int i = 0; i < count; i++) {
            int base = i * dim;
            // Even and odd coordinates in two sums: the per-point order every kernel here uses (see distances4).
            double a0 = 0, a1 = 0;
            int j = 0;
            for (; j + 1 < dim; j += 2) {
                double e0 = (double) points[offset + j] - samples[base + j];
                double e1 = (double) points[offset + j + 1] - samples[base + j + 1];
                a0 = Math.fma(e0, e0, a0);
                a1 = Math.fma(e1, e1, a1);
            }
            if (j < dim) {
                double e = (double) points[offset + j] - samples[base + j];
                a0 = Math.fma(e, e, a0);
            }
            d[i] = a0 + a1;
        }
        return d;
    }

    /**
     * The squared distances of four consecutive points (from {@code offset}, stride D) to every sample, with each
     * point's sums in exactly the order of {@link #squaredDistances}, so results are bitwise the same. Four points
     * share each sample value loaded from memory: the samples (often tens of MB) stream through the cache a quarter
     * as often, and eight independent sums keep the floating-point units busy.
     */
    private double[][] distances4(float[] points, int offset) {
        double[][] d = new double[4][count];
        int o0 = offset, o1 = offset + dim, o2 = offset + 2 * dim, o3 = offset + 3 * dim;
        for (int i = 0; i < count; i++) {
            int base = i * dim;
            double a0 = 0, b0 = 0, a1 = 0, b1 = 0, a2 = 0, b2 = 0, a3 = 0, b3 = 0;
            int j = 0;
            for (; j + 1 < dim; j += 2) {
                double s0 = samples[base + j];
                double s1 = samples[base + j + 1];
                double e;
                e = points[o0 + j] - s0;
                a0 = Math.fma(e, e, a0);
                e = points[o0 + j + 1] - s1;
                b0 = Math.fma(e, e, b0);
                e = points[o1 + j] - s0;
                a1 = Math.fma(e, e, a1);
                e = points[o1 + j + 1] - s1;
                b1 = Math.fma(e, e, b1);
                e = points[o2 + j] - s0;
                a2 = Math.fma(e, e, a2);
                e = points[o2 + j + 1] - s1;
                b2 = Math.fma(e, e, b2);
                e = points[o3 + j] - s0;
                a3 = Math.fma(e, e, a3);
                e = points[o3 + j + 1] - s1;
                b3 = Math.fma(e, e, b3);
            }
            if (j < dim) {
                double s0 = samples[base + j];
                double e;
                e = points[o0 + j] - s0;
                a0 = Math.fma(e, e, a0);
                e = points[o1 + j] - s0;
                a1 = Math.fma(e, e, a1);
                e = points[o2 + j] - s0;
                a2 = Math.fma(e, e, a2);
                e = points[o3 + j] - s0;
                a3 = Math.fma(e, e, a3);
            }
            d[0][i] = a0 + b0;
            d[1][i] = a1 + b1;
            d[2][i] = a2 + b2;
            d[3][i] = a3 + b3;
        }
        return d;
    }

    /** The log-likelihood of one point from its squared distances to the samples. */
    public static double logLikelihood(double[] squaredDistances, double sigma, int dim) {
        checkSigma(sigma);
        double scale = -1 / (2 * sigma * sigma);
        double max = Double.NEGATIVE_INFINITY;
        for (double d : squaredDistances) {
            max = Math.max(max, d * scale);
        }
        double s = 0;
        for (double d : squaredDistances) {
            s += Math.exp(d * scale - max);
        }
        return max + Math.log(s) - Math.log(squaredDistances.length)
                - 0.5 * dim * Math.log(2 * Math.PI * sigma * sigma);
    }

    /** log p(x) of one point. */
    public double logLikelihood(float[] points, int offset, double sigma) {
        return logLikelihood(squaredDistances(points, offset), sigma, dim);
    }

    /** {@code ll[p][g]}: the log-likelihood of point p under σ = {@code sigmas[g]}; points row-major (M, D). */
    public double[][] logLikelihoods(float[] points, int pointCount, double[] sigmas) {
        if (pointCount < 1 || (long) pointCount * dim != points.length) {
            throw new IllegalArgumentException("ParzenWindow: points must hold M × D = " + (long) pointCount * dim
                    + " values with M ≥ 1, got " + points.length);
        }
        if (sigmas.length == 0) {
            throw new IllegalArgumentException("ParzenWindow: empty σ grid");
        }
        for (double s : sigmas) {
            checkSigma(s);
        }
        double[][] ll = new double[pointCount][];
        int blocks = (pointCount + 3) / 4;
        IntStream.range(0, blocks).parallel().forEach(b -> {
            int first = 4 * b;
            if (first + 4 <= pointCount) {
                double[][] d = distances4(points, first * dim);
                for (int q = 0; q < 4; q++) {
                    ll[first + q] = logLikelihoods(d[q], sigmas);
                }
            } else {
                for (int p = first; p < pointCount; p++) {
                    ll[p] = logLikelihoods(squaredDistances(points, p * dim), sigmas);
                }
            }
        });
        return ll;
    }

    private double[] logLikelihoods(double[] squaredDistances, double[] sigmas) {
        double[] row = new double[sigmas.length];
        for (int g = 0; g < sigmas.length; g++) {
            row[g] = logLikelihood(squaredDistances, sigmas[g], dim);
        }
        return row;
    }

    /** The σ of a grid with the highest mean log-likelihood on a validation set, and that mean for every σ. */
    public record SigmaChoice(double sigma, double[] grid, double[] meanLogLikelihood) {
    }

    /** Picks σ from {@code grid} by the mean log-likelihood of the validation points (ties → the first). */
    public SigmaChoice selectSigma(float[] validation, int validationCount, double[] grid) {
        double[][] ll = logLikelihoods(validation, validationCount, grid);
        double[] mean = new double[grid.length];
        int best = 0;
        for (int g = 0; g < grid.length; g++) {
            double s = 0;
            for (double[] row : ll) {
                s += row[g];
            }
            mean[g] = s / validationCount;
            if (mean[g] > mean[best]) {
                best = g;
            }
        }
        return new SigmaChoice(grid[best], grid.clone(), mean);
    }

    /**
     * Scores test points with one σ: the {@code parzen_ll} metric, as one "step" (per_step = [mean]) with the 95%
     * interval of the mean over test points. (The thesis's table gives mean ± standard deviation instead; that is
     * √n/1.96 × the interval's half-width.)
     */
    public MetricSummary score(float[] test, int testCount, double sigma) {
        double[][] ll = logLikelihoods(test, testCount, new double[] {sigma});
        MetricAccumulator acc = new MetricAccumulator("parzen_ll", Direction.HIGHER_IS_BETTER, Selection.MEAN, 1);
        for (double[] row : ll) {
            acc.add(new double[][] {row});
        }
        return acc.summary();
    }

    private static void checkSigma(double sigma) {
        if (!(sigma > 0) || Double.isInfinite(sigma)) {
            throw new IllegalArgumentException("ParzenWindow: σ must be finite and > 0, got " + sigma);
        }
    }
}
