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

/**
 * Trains the pose LSTM on frozen DrNET networks with the shared {@link TrainLoop} (model kind {@code drnet-lstm}):
 * one Adam (lstm_lr, lstm_beta1) over the LSTM's parameters, {@link DrnetLstmModel#loss} per batch. The checkpoint
 * holds the whole {@link DrnetLstmModel}, so the run directory's model is self-contained for prediction.
 */
public final class DrnetLstmRun {
    private DrnetLstmRun() {
    }

    /** Trains (or resumes) for {@code steps} steps on top of {@code drnet}; the caller closes the returned model. */
    public static Result train(Backend backend, DrnetLstmConfig config, DrnetModel drnet, ClipSource data, long steps,
                               int checkpointEvery, Path out, long seed, boolean resume, PrintStream log)
            throws IOException {
        int frames = config.nPast() + config.nFuture();
        DrnetConfig d = config.drnet();
        if (data.frames() < frames || data.channels() != d.channels() || data.height() != DrnetConfig.IMAGE_WIDTH
                || data.width() != DrnetConfig.IMAGE_WIDTH) {
            throw new IllegalArgumentException("DrNET LSTM training: clips of " + data.frames() + " frames × "
                    + data.channels() + " × " + data.height() + " × " + data.width() + "; the config needs ≥ "
                    + frames + " frames (n_past + n_future) × " + d.channels() + " × 64 × 64");
        }
        if (drnet.backend() != backend) {
            throw new IllegalArgumentException("DrNET LSTM training: the DrNET lives on backend "
                    + drnet.backend().name() + ", training asked for " + backend.name());
        }
        DrnetLstmModel model = new DrnetLstmModel(backend, config, seed);
        try (Adam adam = new Adam(model.adopt(drnet).lstmParameters(), config.lr(), config.beta1(), 0.999, 1e-8,
                0)) {
            TrainOptions options = new TrainOptions("drnet-lstm", config.metadata(), steps, checkpointEvery,
                    Math.max(1, (int) Math.min(50, Math.max(1, steps / 20))), out, seed, s -> config.lr(), resume);
            TrainLoop.Result r = new TrainLoop(model, adam, options, log).run(data,
                    BatchLoader.Options.of(config.batchSize(), seed), (batch, step) -> model.loss(batch));
            return new Result(model, r);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** The trained model and what the loop did. */
    public record Result(DrnetLstmModel model, TrainLoop.Result run) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }
}
