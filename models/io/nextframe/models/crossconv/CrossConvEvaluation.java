package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.data.shapes.Shapes;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The paper's Fig. 5 table for trained model files on held-out Shapes pairs, with {@link VelocityExperiment}: for
 * each model, the velocity distributions of its sampled next frames (z from the file's stored training z — the
 * paper's protocol — and, for a cVAE, from the prior) against the generator's truth; the Flow baseline
 * ({@link FlowTransferBaseline}, 10 nearest of {@code flowPairs} training pairs), both as the spec asks (the
 * neighbour's true displacements, no estimator in the path) and rendered and measured like a model's samples (the
 * test image redrawn with the neighbour's motion, resized to the model's output size, estimated); and the estimator
 * on the real next frames (the floor of the measurement). Each KL comes with a 95 % bootstrap interval over test pairs
 * (percentiles of {@code replicates} resamples of the pairs, truth and model resampled together).
 */
public final class CrossConvEvaluation {
    /** One model's file and how to label it. */
    public record Entry(String label, CrossConvFiles.Loaded model) {
    }

    /** One row of the table: a method, its four KLs, their 95 % intervals and the shapes it could not measure. */
    public record Row(String method, String zSource, VelocityDistributions.Kl kl, VelocityDistributions.Kl low,
                      VelocityDistributions.Kl high, long skipped) {
    }

    /**
     * @param test       held-out pairs at the models' input size, pairs 0 … pairs − 1
     * @param pairs      number of test pairs
     * @param samples    samples per test pair (histograms hold pairs × samples entries)
     * @param seed       seed of the z draws
     * @param train      the training pairs of the Flow baseline (null, or flowPairs 0: no Flow row)
     * @param flowPairs  training pairs the Flow baseline searches
     * @param replicates bootstrap resamples for the intervals (0: intervals equal the estimate)
     */
    public record Setup(Shapes test, int pairs, int samples, long seed, Shapes train, int flowPairs, int replicates) {
        public Setup {
            if (pairs < 1 || samples < 1 || flowPairs < 0 || replicates < 0) {
                throw new IllegalArgumentException("CrossConvEvaluation: pairs " + pairs + " and samples " + samples
                        + " must be ≥ 1, flowPairs " + flowPairs + " and replicates " + replicates + " ≥ 0");
            }
        }
    }

    private CrossConvEvaluation() {
    }

    /** The table's rows: each entry (empirical z, then prior z for a cVAE), Flow, then the estimator's floor. */
    public static List<Row> run(List<Entry> entries, Setup s, PrintStream log) {
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("CrossConvEvaluation: no model");
        }
        int side = entries.getFirst().model().net().config().inputSize();
        for (Entry e : entries) {
            int n = e.model().net().config().inputSize();
            if (n != side || n != s.test().config().size()) {
                throw new IllegalArgumentException("CrossConvEvaluation: " + e.label() + " takes " + n + "² frames; "
                        + "the test pairs are " + s.test().config().size() + "² and the first model takes " + side
                        + "²");
            }
        }
        Backend be = entries.getFirst().model().net().backend();
        int out = entries.getFirst().model().net().config().outputSize();
        VelocityExperiment exp = new VelocityExperiment(s.test(), 0, s.pairs());
        VelocityDistributions truth = exp.truth(s.samples());
        List<Row> rows = new ArrayList<>();
        long seed = s.seed();
        for (Entry e : entries) {
            CrossConvNet net = e.model().net();
            LatentBank bank = e.model().bank();
            boolean ae = e.model().settings().mode() == CrossConvTrainer.Mode.AE;
            List<VelocityExperiment.ZSource> sources = new ArrayList<>();
            if (bank.size() > 0) {
                sources.add(VelocityExperiment.ZSource.EMPIRICAL);
            }
            if (!ae || bank.size() == 0) {
                sources.add(VelocityExperiment.ZSource.PRIOR);
            }
            for (VelocityExperiment.ZSource z : sources) {
                log.printf(Locale.ROOT, "%s, %s z: %d pairs × %d samples%n", e.label(),
                        z.name().toLowerCase(Locale.ROOT), s.pairs(), s.samples());
                VelocityDistributions d = exp.model(net, z, bank, s.samples(), seed++);
                rows.add(row(e.label() + " (" + z.name().toLowerCase(Locale.ROOT) + " z)",
                        z.name().toLowerCase(Locale.ROOT), truth, d, s));
            }
        }
        if (s.train() != null && s.flowPairs() > 0) {
            log.printf(Locale.ROOT, "Flow baseline: indexing %d training pairs%n", s.flowPairs());
            FlowTransferBaseline flow = new FlowTransferBaseline(10, thumbnail(side));
            for (int i = 0; i < s.flowPairs(); i++) {
                flow.addTraining(s.train().pair(i));
            }
            rows.add(row("Flow (10-NN transfer of true motion)", "", truth, exp.flow(flow, s.samples(), seed), s));
            log.printf(Locale.ROOT, "Flow baseline rendered and measured like a model%n");
            rows.add(row("Flow (10-NN, rendered and measured)", "", truth, exp.flowMeasured(flow, be, out,
                    s.samples(), seed), s));
            seed++;
        }
        log.printf(Locale.ROOT, "estimator on the real next frames%n");
        rows.add(row("Estimator on real next frames (floor)", "", truth, exp.estimatorOnTruth(be, out, s.samples()),
                s));
        return rows;
    }

    /** The 16-px thumbnail of the Flow baseline, or the largest divisor of the side below it. */
    private static int thumbnail(int side) {
        int t = Math.min(16, side);
        while (side % t != 0) {
            t--;
        }
        return t;
    }

    private static Row row(String method, String zSource, VelocityDistributions truth, VelocityDistributions model,
                           Setup s) {
        VelocityDistributions.Kl kl = VelocityDistributions.kl(truth, model);
        if (s.replicates() == 0) {
            return new Row(method, zSource, kl, kl, kl, model.skipped());
        }
        SplittableRandom rng = new SplittableRandom(s.seed() ^ method.hashCode());
        double[][] draws = new double[4][s.replicates()];
        int[] pick = new int[s.pairs()];
        for (int r = 0; r < s.replicates(); r++) {
            for (int i = 0; i < pick.length; i++) {
                pick[i] = rng.nextInt(s.pairs());
            }
            VelocityDistributions.Kl b = VelocityDistributions.kl(truth.resample(pick, s.samples()),
                    model.resample(pick, s.samples()));
            draws[0][r] = b.circles();
            draws[1][r] = b.squares();
            draws[2][r] = b.triangles();
            draws[3][r] = b.circlesTriangles();
        }
        double[] lo = new double[4];
        double[] hi = new double[4];
        for (int k = 0; k < 4; k++) {
            java.util.Arrays.sort(draws[k]);
            lo[k] = percentile(draws[k], 0.025);
            hi[k] = percentile(draws[k], 0.975);
        }
        return new Row(method, zSource, kl, new VelocityDistributions.Kl(lo[0], lo[1], lo[2], lo[3]),
                new VelocityDistributions.Kl(hi[0], hi[1], hi[2], hi[3]), model.skipped());
    }

    private static double percentile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /** |z_mean| above this counts a dimension as non-zero (as {@link ShapesExperiment}). */
    public static final double NON_ZERO = 1e-3;

    /**
     * The paper's latent statistics of a model's stored training z means (the first bank_size training pairs;
     * 1,000 by default, the paper's count): non-zero z_mean dimensions and PCA components for 95 % of the variance.
     * Null when fewer than two are stored.
     */
    public static LatentStatistics latentStatistics(CrossConvFiles.Loaded model) {
        return model.bank().size() < 2 ? null : LatentStatistics.of(model.bank().rows(), NON_ZERO);
    }

    /** The rows in the shape of the paper's Fig. 5 table (markdown). */
    public static String table(List<Row> rows) {
        StringBuilder sb = new StringBuilder(VelocityDistributions.Kl.header()).append('\n');
        for (Row r : rows) {
            sb.append(r.kl().row(r.method())).append('\n');
        }
        return sb.toString();
    }
}
