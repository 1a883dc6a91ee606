package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.mnist.Digits;
import io.nextframe.data.pipeline.BatchLoader;
import io.nextframe.layers.Parameter;
import io.nextframe.layers.Rng;
import io.nextframe.layers.optim.Adam;
import io.nextframe.models.train.PlayerUpdate;
import io.nextframe.models.train.TrainLoop;
import io.nextframe.models.train.TrainOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a whole LAPGAN on digits on the shared {@link TrainLoop} (checkpoints, exact resume, losses.csv, loss plot,
 * progress, Ctrl-C/SIGTERM → checkpoint). A step trains every pyramid level on the same batch as
 * {@link LevelTrainer} does one level: each discriminator is updated on (real band, generated band), then each
 * generator with the non-saturating loss through its updated discriminator. The levels share no parameters, so
 * one Adam over all discriminators (the loop's auxiliary optimizer {@value #DISCRIMINATORS}, stepped here on the
 * sum of their losses) and one over all generators (the loop's optimizer, on the sum of theirs) make exactly the
 * updates of one Adam per player: Adam is elementwise with one step count, and the gradient of a sum reaches each
 * level's weights unchanged.
 *
 * <p>Batches come from a {@link BatchLoader} over the digits (shuffled per epoch from the seed, the last short batch
 * dropped); a class-conditional model gets the batch's labels. The noise of level k at step s is Philox stream
 * (seed + k, k + 1, counter s) — the coarsest level uses stream 0 — and the discriminators' dropout counters are
 * checkpointed by the loop, so a resumed run is bitwise the uninterrupted one.
 *
 * <p>losses.csv: {@code loss} is the sum of the generators' losses; the extra columns {@link #columns} are the sum
 * of the discriminators' losses and each level's two losses; loss.png draws {@code loss_d} beside {@code loss}.
 */
public final class LapganRun {
    /** The loop's name for the discriminators' Adam in checkpoints ({@code optim.discriminators.}). */
    public static final String DISCRIMINATORS = "discriminators";

    private LapganRun() {
    }

    /** The trained model and what the loop did. */
    public record Result(Lapgan model, TrainLoop.Result run) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /** The extra loss columns of a model with {@code levels} refinement levels. */
    public static List<String> columns(int levels) {
        List<String> c = new ArrayList<>(List.of("loss_d"));
        for (int k = 0; k <= levels; k++) {
            String name = k == levels ? "coarse" : Integer.toString(k);
            c.add("loss_d_" + name);
            c.add("loss_g_" + name);
        }
        return c;
    }

    /**
     * Trains (or, with {@code resume} and a checkpoint in {@code out}, continues) for {@code steps} steps in total;
     * the caller closes the returned model.
     */
    public static Result train(Backend backend, LapganConfig cfg, String resampler, Digits digits, int batch,
                               long steps, double lr, long seed, int checkpointEvery, Path out, boolean resume,
                               PrintStream log) throws IOException {
        if (digits.side() != cfg.side() || cfg.channels() != 1) {
            throw new IllegalArgumentException("LapganRun: digits of side " + digits.side() + " (1 channel) for a "
                    + "model of side " + cfg.side() + " with " + cfg.channels() + " channels");
        }
        if (cfg.classes() != 0 && cfg.classes() != 10) {
            throw new IllegalArgumentException("LapganRun: digits give 10 classes, the config asks for "
                    + cfg.classes() + " (use 0 or 10)");
        }
        if (batch < 1 || batch > digits.size() || steps < 1) {
            throw new IllegalArgumentException("LapganRun: batch " + batch + " must be in 1 … " + digits.size()
                    + " and steps " + steps + " ≥ 1");
        }
        Lapgan model = new Lapgan(backend, cfg, LapganFiles.resampler(resampler), new Rng(seed));
        DigitClips clips = new DigitClips(digits);
        BatchLoader.Options loading = BatchLoader.Options.of(batch, seed).withDropLast(true);
        try (Adam generators = adam(model, "g", lr);
             Adam discriminators = adam(model, "d", lr);
             // the same pure function of (seed, step) as the loop's loader: which digits, hence which labels
             BatchLoader indexer = new BatchLoader(clips, loading)) {
            Map<String, String> config = new LinkedHashMap<>(LapganFiles.metadata(cfg, resampler));
            config.keySet().removeAll(List.of("format", "format_version", "model"));
            TrainOptions options = new TrainOptions("lapgan", config, steps, checkpointEvery,
                    Math.max(1, (int) Math.min(50, Math.max(1, steps / 20))), out, seed, s -> lr, resume);
            List<String> names = columns(cfg.levels());
            double[] values = new double[names.size()];
            TrainLoop loop = new TrainLoop(model, generators, options, log)
                    .auxiliaryOptimizer(DISCRIMINATORS, discriminators)
                    .columns(names, values::clone)
                    .plotted(List.of("loss_d"));
            TrainLoop.Result r = loop.run(clips, loading, (x, step) -> {
                int n = x.dim(0), side = cfg.side();
                Var images = Var.constant(x.reshape(n, 1, side, side));
                int[] labels = cfg.classes() > 0 ? labels(clips, indexer.indices(step)) : null;
                List<Var> gaussian = model.pyramid().gaussian(images);
                List<LevelRound> rounds = new ArrayList<>();
                Var dSum = null;
                for (int k = 0; k <= cfg.levels(); k++) {
                    LevelRound round = LevelRound.of(model, k, gaussian, labels, seed + k, step);
                    rounds.add(round);
                    Var d = round.discriminatorLoss();
                    values[1 + 2 * k] = d.item();
                    dSum = dSum == null ? d : F.add(dSum, d);
                }
                values[0] = PlayerUpdate.apply(discriminators, dSum, step + 1);
                Var gSum = null;
                for (int k = 0; k <= cfg.levels(); k++) {
                    Var g = rounds.get(k).generatorLoss();
                    values[2 + 2 * k] = g.item();
                    gSum = gSum == null ? g : F.add(gSum, g);
                }
                return gSum;
            });
            return new Result(model, r);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** Adam (β1 0.5) over the players whose child name starts with {@code prefix}: "g" generators, "d" critics. */
    private static Adam adam(Lapgan model, String prefix, double lr) {
        Map<String, Parameter> players = new LinkedHashMap<>();
        model.trainableParameters().forEach((k, p) -> {
            if (k.startsWith(prefix)) {
                players.put(k, p);
            }
        });
        return new Adam(players, lr, 0.5, 0.999, 1e-8, 0);
    }

    private static int[] labels(DigitClips clips, long[] indices) {
        int[] labels = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            labels[i] = clips.label(indices[i]);
        }
        return labels;
    }
}
