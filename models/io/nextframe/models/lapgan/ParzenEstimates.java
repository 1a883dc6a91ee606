package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.Scope;
import io.nextframe.models.eval.ParzenWindow;

import java.util.List;

/**
 * The thesis's two likelihood estimates (§4, Table 4.1). Single scale: a Gaussian Parzen window on generated samples,
 * σ chosen on a validation set. Multi-scale (Eq 4.9): log p(x) = log q_K(g_K) + Σ_{k<K} log q_k(h_k | l_k), each
 * q_k a Parzen window on samples of the level's generator given the TRUE low-pass l_k of x, with a σ per level chosen
 * on the validation set; for class-conditional models every window is built with the point's label. Validation points must come from the training data, never the test split.
 */
public final class ParzenEstimates {

    /** An estimate: σ per scale (one entry for single scale), mean log-likelihood and its standard deviation. */
    public record Estimate(double[] sigmas, double mean, double std, int points) {
    }

    private ParzenEstimates() {
    }

    /** Single-scale Parzen LL of {@code test} under {@code samples} (rows of dim values), σ tuned on validation. */
    public static Estimate singleScale(float[] samples, float[] validation, float[] test, int dim, double[] grid) {
        ParzenWindow w = new ParzenWindow(samples, samples.length / dim, dim);
        double sigma = w.selectSigma(validation, validation.length / dim, grid).sigma();
        double[][] ll = w.logLikelihoods(test, test.length / dim, new double[] {sigma});
        double[] v = new double[ll.length];
        for (int i = 0; i < v.length; i++) {
            v[i] = ll[i][0];
        }
        return summarise(new double[] {sigma}, v);
    }

    /** Multi-scale estimate with {@code perPoint} generated samples per level and point; coarsest pool shared. */
    public static Estimate multiScale(Lapgan model, float[] validation, float[] test, int perPoint, double[] grid,
                                      long seed) {
        return multiScale(model, validation, null, test, null, perPoint, grid, seed);
    }

    /**
     * The class-conditional form: every q_k (the coarsest included) is built from samples generated with the
     * point's own label, so the estimate is log p(x | y). Labels must be null exactly when the model is
     * unconditional.
     */
    public static Estimate multiScale(Lapgan model, float[] validation, int[] validationLabels, float[] test,
                                      int[] testLabels, int perPoint, double[] grid, long seed) {
        LapganConfig cfg = model.config();
        int levels = cfg.levels();
        // per point and level: log-likelihood for every σ of the grid
        double[][][] val = terms(model, validation, validationLabels, perPoint, grid, seed);
        double[] sigmas = new double[levels + 1];
        int[] best = new int[levels + 1];
        for (int k = 0; k <= levels; k++) {
            double bestMean = Double.NEGATIVE_INFINITY;
            for (int gi = 0; gi < grid.length; gi++) {
                double s = 0;
                for (double[][] p : val) {
                    s += p[k][gi];
                }
                if (s > bestMean) {
                    bestMean = s;
                    best[k] = gi;
                }
            }
            sigmas[k] = grid[best[k]];
        }
        double[][][] t = terms(model, test, testLabels, perPoint, grid, seed + 1);
        double[] v = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            for (int k = 0; k <= levels; k++) {
                v[i] += t[i][k][best[k]];
            }
        }
        return summarise(sigmas, v);
    }

    /** ll[point][level][σ]: level k < K is the band term, level K the coarsest term. */
    private static double[][][] terms(Lapgan model, float[] images, int[] labels, int perPoint, double[] grid,
                                      long seed) {
        LapganConfig cfg = model.config();
        Backend be = model.backend();
        int levels = cfg.levels();
        int dim = cfg.channels() * cfg.side() * cfg.side();
        if (images.length % dim != 0 || images.length == 0) {
            throw new IllegalArgumentException("ParzenEstimates: " + images.length + " values are not whole "
                    + cfg.channels() + "×" + cfg.side() + "×" + cfg.side() + " images");
        }
        int n = images.length / dim;
        double[][][] out = new double[n][levels + 1][];
        try (Grad.Mode off = Grad.off(); Scope scope = be.scope()) {
            int cDim = cfg.channels() * cfg.coarseSide() * cfg.coarseSide();
            ClassPlanes.check(labels, n, cfg.classes());
            Var x = Var.constant(be.fromFloats(Shape.of(n, cfg.channels(), cfg.side(), cfg.side()), images));
            List<Var> g = model.pyramid().gaussian(x);
            float[] coarsest = g.get(levels).value().contiguous().toFloatArray();
            // one pool of coarse samples per class (a single pool for an unconditional model)
            int pools = Math.max(1, cfg.classes());
            ParzenWindow[] coarse = new ParzenWindow[pools];
            for (int c = 0; c < pools; c++) {
                int[] poolLabels = cfg.classes() == 0 ? null : repeat(c, perPoint);
                coarse[c] = new ParzenWindow(coarseSamples(model, perPoint, poolLabels, seed + 7919L * c), perPoint,
                        cDim);
            }
            for (int i = 0; i < n; i++) {
                ParzenWindow w = coarse[labels == null ? 0 : labels[i]];
                out[i][levels] = w.logLikelihoods(java.util.Arrays.copyOfRange(coarsest, i * cDim, (i + 1) * cDim),
                        1, grid)[0];
            }
            for (int k = 0; k < levels; k++) {
                int s = cfg.sideAt(k);
                int kDim = cfg.channels() * s * s;
                Var up = model.resampler().up(g.get(k + 1), s, s);
                float[] bands = F.sub(g.get(k), up).value().contiguous().toFloatArray();
                for (int i = 0; i < n; i++) {
                    try (Scope inner = be.scope()) {
                        // perPoint copies of this point's true low-pass, each with its own noise plane
                        Var l = F.broadcastTo(F.slice(up, 0, i, i + 1), Shape.of(perPoint, cfg.channels(), s, s));
                        Var h = model.generator(k).forward(l, model.noise(seed, 1 + k, i, perPoint, 1, s, s),
                                labels == null ? null : repeat(labels[i], perPoint));
                        ParzenWindow w = new ParzenWindow(h.value().contiguous().toFloatArray(), perPoint, kDim);
                        float[] point = java.util.Arrays.copyOfRange(bands, i * kDim, (i + 1) * kDim);
                        out[i][k] = w.logLikelihoods(point, 1, grid)[0];
                    }
                }
            }
        }
        return out;
    }

    private static float[] coarseSamples(Lapgan model, int count, int[] labels, long seed) {
        LapganConfig cfg = model.config();
        Var z = model.noise(seed, 0, 0, count, cfg.coarseNoise());
        return model.coarseGenerator().forward(z, labels).value().contiguous().toFloatArray();
    }

    private static int[] repeat(int label, int count) {
        int[] out = new int[count];
        java.util.Arrays.fill(out, label);
        return out;
    }

    private static Estimate summarise(double[] sigmas, double[] v) {
        double mean = 0;
        for (double d : v) {
            mean += d;
        }
        mean /= v.length;
        double var = 0;
        for (double d : v) {
            var += (d - mean) * (d - mean);
        }
        return new Estimate(sigmas, mean, Math.sqrt(var / Math.max(1, v.length - 1)), v.length);
    }

    /** Index of the training image nearest (L2) to each sample, and that distance: the "not a copy" check. */
    public static double[] nearestTrainingDistances(float[] samples, float[] training, int dim) {
        ParzenWindow w = new ParzenWindow(training, training.length / dim, dim);
        int n = samples.length / dim;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            double best = Double.POSITIVE_INFINITY;
            for (double d : w.squaredDistances(samples, i * dim)) {
                best = Math.min(best, d);
            }
            out[i] = Math.sqrt(best);
        }
        return out;
    }

    /** Rows shaped like the thesis's Table 4.1: model, estimate, mean ± std (nats per image). */
    public static String table(String dataset, List<String> models, List<Estimate> estimates) {
        StringBuilder sb = new StringBuilder("| Model | " + dataset + " |\n|---|---|\n");
        for (int i = 0; i < models.size(); i++) {
            Estimate e = estimates.get(i);
            sb.append(String.format(java.util.Locale.ROOT, "| %s | %.0f ± %.0f |%n", models.get(i), e.mean(),
                    e.std()));
        }
        return sb.toString();
    }
}
