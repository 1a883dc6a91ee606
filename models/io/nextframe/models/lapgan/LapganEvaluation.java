package io.nextframe.models.lapgan;

import io.nextframe.core.Scope;
import io.nextframe.data.mnist.Digits;
import io.nextframe.models.eval.MetricSummary;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Table 4.1 evaluation of a trained LAPGAN on MNIST digits (what {@code nextframe eval} runs for a lapgan file):
 * the single-scale Gaussian Parzen estimate on generated samples and the multi-scale estimate (Eq 4.9), each with σ
 * tuned on TRAIN digits that training never saw — the last {@value #VALIDATION_DIGITS} of the training split, which
 * {@link #fitDigits} leaves out and {@code nextframe train lapgan} trains without (CONTRACTS §8) — and scored on
 * TEST digits; plus the nearest-training-digit distance of the first samples (the "not a copy" check).
 */
public final class LapganEvaluation {
    /** TRAIN digits at the end of the split held out from training for tuning σ. */
    public static final int VALIDATION_DIGITS = 1000;
    /** The σ grid (pixel values in [0, 1]): roughly log-spaced from 0.02 to 1. */
    public static final double[] SIGMA_GRID = {0.02, 0.03, 0.05, 0.08, 0.1, 0.13, 0.16, 0.2, 0.25, 0.3, 0.4, 0.6, 1.0};

    /**
     * @param testPoints       TEST digits scored (the first ones)
     * @param validationPoints held-out TRAIN digits for σ (≤ {@value #VALIDATION_DIGITS}, the last ones)
     * @param samples          generated samples in the single-scale window (classes spread evenly for a
     *                         class-conditional model)
     * @param perPoint         generated samples per point and level for the multi-scale estimate
     * @param seed             sampling seed
     */
    public record Settings(int testPoints, int validationPoints, int samples, int perPoint, long seed) {
        public Settings {
            if (testPoints < 1 || validationPoints < 1 || validationPoints > VALIDATION_DIGITS || samples < 1
                    || perPoint < 1) {
                throw new IllegalArgumentException("LapganEvaluation: test points " + testPoints + ", samples "
                        + samples + " and samples per point " + perPoint + " must be ≥ 1, validation points "
                        + validationPoints + " in 1 … " + VALIDATION_DIGITS);
            }
        }
    }

    /** The two estimates (nats per image), the smallest sample-to-training distance and the printed table. */
    public record Result(ParzenEstimates.Estimate singleScale, ParzenEstimates.Estimate multiScale,
                         double minNearestDistance, String table) {
    }

    private LapganEvaluation() {
    }

    /** The digits {@code train lapgan} trains on: the training split without its last {@value #VALIDATION_DIGITS}. */
    public static Digits fitDigits(Digits train) {
        return range(train, 0, fitCount(train));
    }

    private static int fitCount(Digits train) {
        int n = train.size() - VALIDATION_DIGITS;
        if (n < 1) {
            throw new IllegalArgumentException("LAPGAN: " + train.size() + " training digits leave none to train on "
                    + "after holding out " + VALIDATION_DIGITS + " for the Parzen σ");
        }
        return n;
    }

    static Digits range(Digits d, int from, int to) {
        float[][] images = new float[to - from][];
        int[] labels = new int[to - from];
        for (int i = from; i < to; i++) {
            images[i - from] = d.image(i);
            labels[i - from] = d.label(i);
        }
        return new Digits(d.side(), images, labels);
    }

    /** Evaluates {@code model} (one channel, side = the digits' side) on the TRAIN and TEST digit splits. */
    public static Result run(Lapgan model, Digits train, Digits test, Settings s) {
        LapganConfig cfg = model.config();
        if (cfg.channels() != 1 || train.side() != cfg.side() || test.side() != cfg.side()) {
            throw new IllegalArgumentException("LapganEvaluation: a " + cfg.channels() + "-channel model of side "
                    + cfg.side() + " against 1-channel digits of side " + train.side());
        }
        if (s.testPoints() > test.size()) {
            throw new IllegalArgumentException("LapganEvaluation: " + s.testPoints() + " test points, the TEST split "
                    + "holds " + test.size());
        }
        int fit = fitCount(train);
        Digits validation = range(train, train.size() - s.validationPoints(), train.size());
        Digits scored = range(test, 0, s.testPoints());
        int dim = cfg.side() * cfg.side();
        boolean conditional = cfg.classes() > 0;
        float[] samples;
        try (Scope scope = model.backend().scope()) {
            int[] labels = null;
            if (conditional) {
                labels = new int[s.samples()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = i % cfg.classes();
                }
            }
            samples = model.sample(s.samples(), labels, s.seed()).contiguous().toFloatArray();
        }
        ParzenEstimates.Estimate single = ParzenEstimates.singleScale(samples, MnistExperiment.flat(validation, 0,
                validation.size()), MnistExperiment.flat(scored, 0, scored.size()), dim, SIGMA_GRID);
        ParzenEstimates.Estimate multi = ParzenEstimates.multiScale(model, MnistExperiment.flat(validation, 0,
                validation.size()), conditional ? labels(validation, cfg.classes()) : null,
                MnistExperiment.flat(scored, 0, scored.size()), conditional ? labels(scored, cfg.classes()) : null,
                s.perPoint(), SIGMA_GRID, s.seed() + 1);
        int check = Math.min(s.samples(), 64);
        double min = Arrays.stream(ParzenEstimates.nearestTrainingDistances(Arrays.copyOf(samples, check * dim),
                MnistExperiment.flat(train, 0, fit), dim)).min().orElse(Double.NaN);
        String suffix = conditional ? " (log p(x | y) for multi-scale)" : "";
        String table = ParzenEstimates.table(String.format(Locale.ROOT, "MNIST %d px", cfg.side()),
                List.of("LAPGAN (Parzen)", "LAPGAN (multi-scale Parzen)" + suffix), List.of(single, multi));
        return new Result(single, multi, min, table);
    }

    private static int[] labels(Digits d, int classes) {
        int[] out = new int[d.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = d.label(i);
            if (out[i] < 0 || out[i] >= classes) {
                throw new IllegalArgumentException("LapganEvaluation: digit label " + out[i] + " outside 0 … "
                        + (classes - 1));
            }
        }
        return out;
    }

    /** An estimate as an eval metric: per_step = [mean], ci95 = mean ± 1.96·std/√n over the scored points. */
    public static MetricSummary summary(ParzenEstimates.Estimate e) {
        double half = e.points() > 1 ? MetricSummary.Z95 * e.std() / Math.sqrt(e.points()) : Double.NaN;
        double lo = e.mean() - half, hi = e.mean() + half;
        return new MetricSummary(new double[] {e.mean()}, new double[] {lo}, new double[] {hi}, e.mean(), lo, hi,
                e.points());
    }
}
