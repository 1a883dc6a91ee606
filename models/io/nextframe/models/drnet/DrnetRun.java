package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.data.ClipSource;
import io.nextframe.data.pipeline.BatchLoader;
import io.nextframe.layers.optim.Adam;
import io.nextframe.models.train.TrainLoop;
import io.nextframe.models.train.TrainOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Trains DrNET on the shared {@link TrainLoop} (checkpoints, exact resume, loss CSV, progress). Each step is one
 * train_drnet.py iteration: the scene-discriminator update ({@link DrnetTrainer#discriminatorStep}, its Adam
 * registered as the loop's auxiliary optimizer {@code netC}), then the joint loss whose update the loop does with one
 * Adam over netEC, netEP and netD (the script keeps one Adam per network with the same settings; Adam is
 * elementwise with one step count, so that is the same update). The frames of step s come from
 * {@link DrnetDraws#of}(seed, s): a resumed run draws the same ones.
 *
 * <p>losses.csv gets the extra columns {@link #COLUMNS}: the similarity, reconstruction and adversarial terms of
 * the joint loss, and the discriminator's criterion and accuracy on its own update's batch.
 */
public final class DrnetRun {
    /** Extra loss-log columns. */
    public static final List<String> COLUMNS = List.of("sim", "rec", "sd", "disc_loss", "disc_acc");

    private DrnetRun() {
    }

    /**
     * Trains (or resumes) for {@code steps} steps in total with batches of {@code config.batchSize()} clips; the
     * caller closes the returned model.
     */
    public static Result train(Backend backend, DrnetConfig config, ClipSource data, long steps, int checkpointEvery,
                               Path out, long seed, boolean resume, PrintStream log) throws IOException {
        if (data.frames() < config.maxStep() || data.channels() != config.channels()
                || data.height() != DrnetConfig.IMAGE_WIDTH || data.width() != DrnetConfig.IMAGE_WIDTH) {
            throw new IllegalArgumentException("DrNET training: clips of " + data.frames() + " frames × "
                    + data.channels() + " × " + data.height() + " × " + data.width() + "; the config needs ≥ "
                    + config.maxStep() + " frames (max_step) × " + config.channels() + " × 64 × 64");
        }
        DrnetModel model = new DrnetModel(backend, config, seed);
        try (Adam adam = new Adam(model.autoencoderParameters(), config.lr(), config.beta1(), 0.999, 1e-8, 0);
             DrnetTrainer trainer = new DrnetTrainer(model)) {
            TrainOptions options = new TrainOptions("drnet", config.metadata(), steps, checkpointEvery,
                    Math.max(1, (int) Math.min(50, Math.max(1, steps / 20))), out, seed, s -> config.lr(), resume);
            double[] columns = new double[COLUMNS.size()];
            TrainLoop loop = new TrainLoop(model, adam, options, log)
                    .auxiliaryOptimizer("netC", trainer.discriminatorOptimizer())
                    .columns(COLUMNS, columns::clone);
            TrainLoop.Result r = loop.run(data, BatchLoader.Options.of(config.batchSize(), seed), (batch, step) -> {
                DrnetDraws d = DrnetDraws.of(seed, step, config.maxStep(), batch.dim(0));
                DrnetTrainer.DiscriminatorResult disc = trainer.discriminatorStep(batch, d);
                DrnetTrainer.Loss l = trainer.loss(batch, d);
                columns[0] = l.sim().item();
                columns[1] = l.rec().item();
                columns[2] = l.sd().item();
                columns[3] = disc.loss();
                columns[4] = disc.accuracy();
                return l.total();
            });
            return new Result(model, r);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The trained model and what the loop did. */
    public record Result(DrnetModel model, TrainLoop.Result run) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }
}
