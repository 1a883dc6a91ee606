package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.data.shapes.Shapes;
import io.nextframe.layers.Rng;
import io.nextframe.models.train.TrainLoop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The Shapes experiment end to end: train the cVAE and the AE ablation, store 1,000 training z, measure the
 * Fig. 5 velocity-distribution KLs against the truth with the Flow baseline, and the latent statistics.
 * {@code java … ShapesExperiment <backend> <small|defaults|tiny> <steps> <batch> <testPairs> <samplesPerPair> <dir>}.
 * Training pairs are the first 20,000 (shuffled batches, TrainLoop checkpoints in {@code <dir>/cvae}, {@code
 * <dir>/ae}; re-running resumes), test pairs 10,000,000 on.
 */
public final class ShapesExperiment {
    static final int TRAIN_PAIRS = 20_000;
    static final long TEST_START = 10_000_000L;

    private ShapesExperiment() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 7) {
            System.err.println("usage: ShapesExperiment <backend> <small|defaults|tiny> <steps> <batch> <testPairs> "
                    + "<samplesPerPair> <dir>");
            System.exit(2);
        }
        Backend be = Backends.get(args[0]);
        CrossConvConfig c = switch (args[1]) {
            case "small" -> CrossConvConfig.small();
            case "defaults" -> CrossConvConfig.defaults();
            case "tiny" -> CrossConvConfig.tiny();
            default -> throw new IllegalArgumentException("unknown configuration " + args[1]);
        };
        int steps = Integer.parseInt(args[2]);
        int batch = Integer.parseInt(args[3]);
        int testPairs = Integer.parseInt(args[4]);
        int samples = Integer.parseInt(args[5]);
        Path dir = Files.createDirectories(Path.of(args[6]));
        Shapes shapes = new Shapes(Shapes.Config.defaults().withSize(c.inputSize()), 2016);
        VelocityExperiment exp = new VelocityExperiment(shapes, TEST_START, testPairs);
        VelocityDistributions truth = exp.truth(samples);
        StringBuilder table = new StringBuilder(VelocityDistributions.Kl.header()).append('\n');
        FlowTransferBaseline flow = new FlowTransferBaseline(10, 16);
        for (int i = 0; i < TRAIN_PAIRS; i++) {
            flow.addTraining(shapes.pair(i));
        }
        table.append(VelocityDistributions.kl(truth, exp.flow(flow, samples, 3)).row("Flow (10-NN transfer)"))
                .append('\n');
        for (CrossConvTrainer.Mode mode : CrossConvTrainer.Mode.values()) {
            try (CrossConvNet net = new CrossConvNet(be, c, new Rng(2016))) {
                CrossConvTraining.Options o = new CrossConvTraining.Options(mode, CrossConvLoss.defaults(), 1e-3,
                        batch, steps, 500, 2016);
                TrainLoop.Result r = CrossConvTraining.train(net, shapes.limit(TRAIN_PAIRS), o,
                        dir.resolve(mode.name().toLowerCase(Locale.ROOT)), true, System.out);
                System.out.printf(Locale.ROOT, "%s: %.3f steps/s%n", mode, r.stepsPerSecond());
                LatentBank bank = new LatentBank(c.zSize());
                for (int i = 0; i < 1000; i += 20) {
                    try (Scope scope = be.scope()) {
                        PairBatch b = PairBatch.of(be, shapes, i, 20);
                        bank.addEncoded(net, b.first(), b.second());
                    }
                }
                LatentStatistics ls = LatentStatistics.of(bank.rows(), 1e-3);
                System.out.printf(Locale.ROOT, "%s latent statistics on 1,000 training pairs: %d non-zero z_mean "
                        + "dimensions, %d PCA components for 95%% variance%n", mode, ls.nonZero(), ls.components95());
                table.append(VelocityDistributions.kl(truth, exp.model(net, VelocityExperiment.ZSource.EMPIRICAL,
                        bank, samples, 4)).row(mode == CrossConvTrainer.Mode.AE ? "AE (empirical z)"
                        : "Cross Convolutional Network (empirical z)")).append('\n');
                if (mode == CrossConvTrainer.Mode.CVAE) {
                    table.append(VelocityDistributions.kl(truth, exp.model(net, VelocityExperiment.ZSource.PRIOR,
                            bank, samples, 5)).row("Cross Convolutional Network (prior z)")).append('\n');
                }
            }
        }
        System.out.println(table);
        Files.writeString(dir.resolve("fig5.md"), table.toString());
    }
}
