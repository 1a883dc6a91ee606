package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.ClipSource;
import io.nextframe.data.pipeline.BatchLoader;
import io.nextframe.layers.optim.Adam;
import io.nextframe.models.train.TrainLoop;
import io.nextframe.models.train.TrainOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Trains a DFN with the reference recipe on clips of P + F frames: Adam (0.9, 0.999, 1e-8) at the config's
 * learning rate halved every {@code lrHalveEvery} iterations, batches of {@code batchSize} from the source in a
 * seeded shuffled order, the unrolled clipped-BCE loss, checkpoints through {@link TrainLoop}.
 */
public final class DfnTrainer {

    private DfnTrainer() {
    }

    /**
     * Trains (or resumes, when {@code resume} and {@code out} holds a checkpoint) for {@code steps} iterations
     * in total; returns the trained model, which the caller closes.
     */
    public static Result train(Backend backend, DfnConfig config, ClipSource data, long steps, int checkpointEvery,
                               Path out, boolean resume, PrintStream log) throws IOException {
        if (data.frames() < config.sequenceLength() || data.channels() != 1 || data.height() != config.npx()
                || data.width() != config.npx()) {
            throw new IllegalArgumentException("DFN training: clips of " + data.frames() + " frames × "
                    + data.channels() + " × " + data.height() + " × " + data.width() + "; the config needs "
                    + config.sequenceLength() + " frames × 1 × " + config.npx() + " × " + config.npx());
        }
        DfnNetwork net = new DfnNetwork(backend, config);
        try (Adam adam = new Adam(net.trainableParameters(), config.learningRate())) {
            TrainOptions options = new TrainOptions(config.kind(), config.toMetadata(), steps, checkpointEvery,
                    Math.max(1, (int) Math.min(50, Math.max(1, steps / 20))), out, config.seed(),
                    TrainOptions.stepDecay(config.learningRate(), config.lrHalveEvery(), 0.5), resume);
            BatchLoader.Options loader = BatchLoader.Options.of(config.batchSize(), config.seed());
            int frames = config.sequenceLength();
            TrainLoop.Result r = new TrainLoop(net, adam, options, log).run(data, loader, (batch, step) -> {
                Var clips = Var.constant(batch);
                if (batch.shape().dim(1) > frames) {
                    clips = io.nextframe.core.autograd.F.slice(clips, 1, 0, frames);
                }
                return DfnUnroll.loss(net, clips);
            });
            return new Result(new DfnModel(net), r);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** The trained model and what the loop did. */
    public record Result(DfnModel model, TrainLoop.Result run) {
    }
}
