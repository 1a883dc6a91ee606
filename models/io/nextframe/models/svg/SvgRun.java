package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.data.ClipSource;
import io.nextframe.data.pipeline.BatchLoader;
import io.nextframe.layers.optim.Adam;
import io.nextframe.models.train.TrainLoop;
import io.nextframe.models.train.TrainOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Trains SVG on the shared {@link TrainLoop} (checkpoints, exact resume, loss CSV, progress). The authors keep one
 * Adam per module; Adam's update is elementwise with one step count, so a single Adam over all parameters with the
 * same hyperparameters performs exactly the same updates, and the loop's one optimizer suffices. The z noise of
 * step s is Philox stream {@link SvgTrainer#TRAIN_STREAM} + s of the run seed: a pure function of (seed, step), so
 * a resumed run draws the same ε.
 */
public final class SvgRun {
    private SvgRun() {
    }

    /** Trains (or resumes) for {@code steps} steps in total; the caller closes the returned model. */
    public static Result train(Backend backend, SvgConfig config, ClipSource data, int batchSize, long steps,
                               int checkpointEvery, Path out, long seed, boolean resume, PrintStream log)
            throws IOException {
        int window = config.nPast() + config.nFuture();
        if (data.frames() < window || data.channels() != config.channels()
                || data.height() != SvgConfig.IMAGE_WIDTH || data.width() != SvgConfig.IMAGE_WIDTH) {
            throw new IllegalArgumentException("SVG training: clips of " + data.frames() + " frames × "
                    + data.channels() + " × " + data.height() + " × " + data.width() + "; the config needs "
                    + window + " frames × " + config.channels() + " × 64 × 64");
        }
        SvgModel model = new SvgModel(backend, config, seed);
        try (Adam adam = new Adam(model.trainableParameters(), config.lr(), 0.9, 0.999, 1e-8, 0)) {
            TrainOptions options = new TrainOptions(config.kind().id(), config.metadata(), steps, checkpointEvery,
                    Math.max(1, (int) Math.min(50, Math.max(1, steps / 20))), out, seed, s -> config.lr(), resume);
            TrainLoop.Result r = new TrainLoop(model, adam, options, log).run(data,
                    BatchLoader.Options.of(batchSize, seed), (batch, step) -> {
                        var frames = batch.dim(1) > window ? batch.slice(1, 0, window).contiguous() : batch;
                        return model.loss(frames, new SvgNoise(seed, SvgTrainer.TRAIN_STREAM + step)).loss();
                    });
            return new Result(model, r);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The trained model and what the loop did. */
    public record Result(SvgModel model, TrainLoop.Result run) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }
}
