package io.nextframe.models.eval;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Parzen-window estimate against brute force, its stability, σ selection and determinism. */
class ParzenWindowTest {
    private static float[] gaussianPoints(Random r, int n, int dim, double mean, double sigma) {
        float[] f = new float[n * dim];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) (mean + sigma * r.nextGaussian());
        }
        return f;
    }

    /** log((1/N) Σ_i Π_j N(x_j; s_ij, σ²)) with densities multiplied out directly: no log-sum-exp, no shortcut. */
    private static double bruteForce(float[] samples, int n, int dim, float[] x, int offset, double sigma) {
        double p = 0;
        for (int i = 0; i < n; i++) {
            double k = 1;
            for (int j = 0; j < dim; j++) {
                double d = (double) x[offset + j] - samples[i * dim + j];
                k *= Math.exp(-d * d / (2 * sigma * sigma)) / Math.sqrt(2 * Math.PI * sigma * sigma);
            }
            p += k;
        }
        return Math.log(p / n);
    }

    @Test
    void matchesBruteForce() {
        Random r = new Random(1);
        int n = 200, dim = 6;
        float[] samples = gaussianPoints(r, n, dim, 0.5, 0.2);
        float[] test = gaussianPoints(r, 20, dim, 0.5, 0.25);
        ParzenWindow parzen = new ParzenWindow(samples, n, dim);
        double[] grid = {0.05, 0.1, 0.3, 1.0};
        double[][] ll = parzen.logLikelihoods(test, 20, grid);
        for (int p = 0; p < 20; p++) {
            for (int g = 0; g < grid.length; g++) {
                double want = bruteForce(samples, n, dim, test, p * dim, grid[g]);
                assertEquals(want, ll[p][g], 1e-10 * Math.max(1, Math.abs(want)), "point " + p + " σ " + grid[g]);
                assertEquals(ll[p][g], parzen.logLikelihood(test, p * dim, grid[g]));
            }
        }
    }

    @Test
    void stableWhereDirectExponentialsUnderflow() {
        // D = 784, σ = 0.05: every kernel value underflows to 0 in double, the log-sum-exp does not.
        Random r = new Random(2);
        int dim = 784;
        float[] one = gaussianPoints(r, 1, dim, 0.5, 0.3);
        float[] x = gaussianPoints(r, 1, dim, 0.5, 0.3);
        double sigma = 0.05;
        double d2 = 0;
        for (int j = 0; j < dim; j++) {
            double d = (double) x[j] - one[j];
            d2 += d * d;
        }
        double exact = -d2 / (2 * sigma * sigma) - 0.5 * dim * Math.log(2 * Math.PI * sigma * sigma);
        assertEquals(Double.NEGATIVE_INFINITY, bruteForce(one, 1, dim, x, 0, sigma), "the naive form underflows");
        double got = new ParzenWindow(one, 1, dim).logLikelihood(x, 0, sigma);
        assertEquals(exact, got, 1e-12 * Math.abs(exact));
        // N copies of one sample give the same density as the sample alone.
        float[] copies = new float[5 * dim];
        for (int i = 0; i < 5; i++) {
            System.arraycopy(one, 0, copies, i * dim, dim);
        }
        assertEquals(got, new ParzenWindow(copies, 5, dim).logLikelihood(x, 0, sigma), 1e-12 * Math.abs(got));
    }

    @Test
    void selectsTheGridValueWithTheBestValidationMean() {
        Random r = new Random(3);
        int dim = 4;
        float[] samples = gaussianPoints(r, 500, dim, 0, 1);
        float[] validation = gaussianPoints(r, 100, dim, 0, 1);
        ParzenWindow parzen = new ParzenWindow(samples, 500, dim);
        double[] grid = ParzenWindow.defaultGrid();
        assertEquals(0.1, grid[0], 1e-15);
        assertEquals(1.0, grid[9], 1e-15);
        ParzenWindow.SigmaChoice choice = parzen.selectSigma(validation, 100, grid);
        int best = 0;
        for (int g = 0; g < grid.length; g++) {
            double s = 0;
            for (int p = 0; p < 100; p++) {
                s += bruteForce(samples, 500, dim, validation, p * dim, grid[g]);
            }
            assertEquals(s / 100, choice.meanLogLikelihood()[g], 1e-9);
            if (s / 100 > choice.meanLogLikelihood()[best] + 1e-9) {
                best = g;
            }
        }
        assertEquals(grid[best], choice.sigma());
        // Unit-variance data with 500 samples in 4-D: the best bandwidth is neither grid end.
        assertTrue(choice.sigma() > 0.1 && choice.sigma() < 1.0, "σ " + choice.sigma());
    }

    @Test
    void scoreSummarisesTheTestPoints() {
        Random r = new Random(4);
        int dim = 3;
        float[] samples = gaussianPoints(r, 50, dim, 0.5, 0.1);
        float[] test = gaussianPoints(r, 30, dim, 0.5, 0.1);
        ParzenWindow parzen = new ParzenWindow(samples, 50, dim);
        MetricSummary s = parzen.score(test, 30, 0.1);
        double sum = 0, sq = 0;
        for (int p = 0; p < 30; p++) {
            double ll = bruteForce(samples, 50, dim, test, p * dim, 0.1);
            sum += ll;
            sq += ll * ll;
        }
        double mean = sum / 30;
        double sd = Math.sqrt((sq - 30 * mean * mean) / 29);
        assertEquals(mean, s.mean(), 1e-10);
        assertArrayEquals(new double[] {s.mean()}, s.perStep());
        assertEquals(mean - 1.96 * sd / Math.sqrt(30), s.ciLow(), 1e-9);
        assertEquals(30, s.sequences());
    }

    @Test
    void parallelResultsEqualSequentialOnes() {
        Random r = new Random(5);
        int dim = 17;
        float[] samples = gaussianPoints(r, 300, dim, 0.5, 0.3);
        // 66 points: sixteen blocks of four and a tail of two, against the one-point path.
        float[] test = gaussianPoints(r, 66, dim, 0.5, 0.3);
        ParzenWindow parzen = new ParzenWindow(samples, 300, dim);
        double[][] ll = parzen.logLikelihoods(test, 66, new double[] {0.2});
        for (int p = 0; p < 66; p++) {
            assertEquals(ll[p][0], ParzenWindow.logLikelihood(parzen.squaredDistances(test, p * dim), 0.2, dim));
        }
    }

    @Test
    void refusesBadArguments() {
        float[] s = new float[12];
        assertThrows(IllegalArgumentException.class, () -> new ParzenWindow(s, 5, 3));
        ParzenWindow p = new ParzenWindow(s, 4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> p.logLikelihood(new float[3], 0, 0));
        assertTrue(e.getMessage().contains("σ"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> p.logLikelihoods(new float[4], 1, new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> p.selectSigma(new float[3], 1, new double[0]));
    }
}
