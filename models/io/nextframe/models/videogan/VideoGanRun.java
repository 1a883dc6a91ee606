package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.ClipSource;
import io.nextframe.data.pipeline.BatchLoader;
import io.nextframe.layers.Rng;
import io.nextframe.models.train.TrainLoop;
import io.nextframe.models.train.TrainOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Trains the video GANs on the shared {@link TrainLoop} (checkpoints, exact resume, losses.csv, loss plot, progress,
 * Ctrl-C/SIGTERM → checkpoint). A step is one Wasserstein iteration: n_critic critic updates, each on its own real
 * batch (the critic's optimizer is the loop's auxiliary {@value #CRITIC}, stepped here), then the generator update
 * the loop does. The loop's batch of step s holds n_critic (conditional: n_critic + 1) real batches side by side,
 * drawn by a {@link BatchLoader} from the clips cut to the model's frames and size ({@link FittedClips}), mapped to
 * [−1, 1] and laid out (B, C, T, H, W); the last short batch of an epoch is dropped. The noise and penalty
 * weights of step s are a function of (seed, s) ({@link WganTrainer#seek}), so a resumed run is bitwise the
 * uninterrupted one.
 *
 * <p>losses.csv: {@code loss} is the generator's loss (mask penalty and, conditional, the weighted MSE included);
 * the extra columns are the mean over the step's critic updates of the penalised critic loss {@code loss_d}, the
 * Wasserstein estimate mean D(real) − mean D(fake) and the gradient penalty, then the generator's mask L1 term
 * (0 without a mask) and, conditional, the middle-frame MSE. loss.png draws {@code loss_d} and {@code wasserstein}
 * beside {@code loss}.
 */
public final class VideoGanRun {
    /** The loop's name for the critic's optimizer in checkpoints ({@code optim.critic.}). */
    public static final String CRITIC = "critic";
    /** Extra loss columns of the unconditional models. */
    public static final List<String> COLUMNS = List.of("loss_d", "wasserstein", "gradient_penalty", "mask_l1");
    /** Extra loss columns of the photo-conditioned model. */
    public static final List<String> CONDITIONAL_COLUMNS = List.of("loss_d", "wasserstein", "gradient_penalty",
            "mask_l1", "mse");

    /** The columns loss.png draws beside the generator's loss. */
    private static final List<String> PLOTTED = List.of("loss_d", "wasserstein");

    private VideoGanRun() {
    }

    /** The trained pair and what the loop did. */
    public record Result(VideoGanPair model, TrainLoop.Result run) implements AutoCloseable {
        public VideoGenerator generator() {
            return model.generator();
        }

        public VideoCritic critic() {
            return model.critic();
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Trains (or, with {@code resume} and a checkpoint in {@code out}, continues) an unconditional video GAN of
     * {@code kind} ({@code videogan-1s} or {@code videogan-2s}) for {@code steps} iterations in total; the caller
     * closes the returned model.
     */
    public static Result train(Backend backend, String kind, VideoGanConfig cfg, ClipSource clips, int batch,
                               long steps, WganTrainer.Settings settings, long seed, int checkpointEvery, Path out,
                               boolean resume, PrintStream log) throws IOException {
        check(batch, steps, settings);
        FittedClips data = new FittedClips(clips, cfg);
        VideoGanPair model = new VideoGanPair(backend, kind, cfg, new Rng(seed));
        try (WganTrainer trainer = new WganTrainer(model.generator(), model.critic(), settings, seed)) {
            double[] values = new double[COLUMNS.size()];
            TrainLoop loop = new TrainLoop(model, trainer.generatorOptimizer(), options(kind, cfg, steps,
                    checkpointEvery, out, seed, settings, resume), log)
                    .auxiliaryOptimizer(CRITIC, trainer.criticOptimizer())
                    .columns(COLUMNS, values::clone)
                    .plotted(PLOTTED);
            TrainLoop.Result r = loop.run(data, loading(batch * settings.nCritic(), seed), (x, step) -> {
                Var videos = videos(x);
                trainer.seek(step);
                criticUpdates(values, settings.nCritic(), k -> trainer.criticStep(part(videos, k, batch)));
                WganTrainer.GeneratorLoss g = trainer.generatorLoss(batch);
                values[3] = g.maskPenalty() == null ? 0 : g.maskPenalty().item();
                return g.total();
            });
            return new Result(model, r);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The trained photo-conditioned model and what the loop did. */
    public record ConditionalResult(ConditionalVideoGan model, TrainLoop.Result run) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Trains (or continues) {@link ConditionalVideoGan} (two streams, {@code videogan-2s-cond}) with
     * {@link ConditionalTrainer}: a step is n_critic critic updates then one encoder + generator update, each on its
     * own real batch whose middle frame is the photo.
     */
    public static ConditionalResult trainConditional(Backend backend, VideoGanConfig cfg, ClipSource clips, int batch,
                                                     long steps, WganTrainer.Settings settings, float mseWeight,
                                                     long seed, int checkpointEvery, Path out, boolean resume,
                                                     PrintStream log) throws IOException {
        check(batch, steps, settings);
        FittedClips data = new FittedClips(clips, cfg);
        ConditionalVideoGan model = new ConditionalVideoGan(backend, cfg, true, new Rng(seed));
        try (ConditionalTrainer trainer = new ConditionalTrainer(model, settings, mseWeight, seed)) {
            double[] values = new double[CONDITIONAL_COLUMNS.size()];
            TrainLoop loop = new TrainLoop(model, trainer.generatorOptimizer(),
                    options(VideoGanFiles.TWO_STREAM_CONDITIONAL, cfg, steps, checkpointEvery, out, seed, settings,
                            resume), log)
                    .auxiliaryOptimizer(CRITIC, trainer.criticOptimizer())
                    .columns(CONDITIONAL_COLUMNS, values::clone)
                    .plotted(PLOTTED);
            int n = settings.nCritic();
            TrainLoop.Result r = loop.run(data, loading(batch * (n + 1), seed), (x, step) -> {
                Var videos = videos(x);
                trainer.seek(step);
                criticUpdates(values, n, k -> trainer.criticStep(part(videos, k, batch)));
                ConditionalTrainer.GeneratorLoss g = trainer.generatorLoss(part(videos, n, batch));
                values[3] = g.mask() == null ? 0 : g.mask().item();
                values[4] = g.mse().item();
                return g.total();
            });
            return new ConditionalResult(model, r);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static void check(int batch, long steps, WganTrainer.Settings settings) {
        if (batch < 1 || steps < 1 || settings.nCritic() < 1) {
            throw new IllegalArgumentException("VideoGanRun: batch " + batch + ", steps " + steps + " and n_critic "
                    + settings.nCritic() + " must be ≥ 1");
        }
    }

    private static TrainOptions options(String kind, VideoGanConfig cfg, long steps, int checkpointEvery, Path out,
                                        long seed, WganTrainer.Settings settings, boolean resume) {
        Map<String, String> config = new java.util.LinkedHashMap<>(VideoGanFiles.metadata(kind, cfg));
        config.keySet().removeAll(List.of("format", "format_version", "model"));
        return new TrainOptions(kind, config, steps, checkpointEvery,
                Math.max(1, (int) Math.min(50, Math.max(1, steps / 20))), out, seed, s -> settings.lr(), resume);
    }

    private static BatchLoader.Options loading(int clipsPerStep, long seed) {
        return BatchLoader.Options.of(clipsPerStep, seed).withDropLast(true);
    }

    /** The loop's (N, T, C, H, W) batch in [0, 1] as the generator's (N, C, T, H, W) in [−1, 1]. */
    private static Var videos(Tensor x) {
        return F.affine(F.permute(Var.constant(x), 0, 2, 1, 3, 4), 2f, -1f);
    }

    /** Real batch k of a step: clips k·batch … (k + 1)·batch − 1. */
    private static Var part(Var videos, int k, int batch) {
        return F.slice(videos, 0, k * batch, (k + 1) * batch);
    }

    /** Runs the n critic updates, averaging {loss, penalty} into values[0] (loss), [1] (Wasserstein), [2] (GP). */
    private static void criticUpdates(double[] values, int n, java.util.function.IntFunction<double[]> update) {
        double loss = 0, penalty = 0;
        for (int k = 0; k < n; k++) {
            double[] c = update.apply(k);
            loss += c[0];
            penalty += c[1];
        }
        values[0] = loss / n;
        values[1] = -(loss - penalty) / n;
        values[2] = penalty / n;
    }
}
