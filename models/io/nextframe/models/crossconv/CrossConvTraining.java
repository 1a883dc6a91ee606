package io.nextframe.models.crossconv;

import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.ClipSource;
import io.nextframe.data.pipeline.BatchLoader;
import io.nextframe.layers.optim.Adam;
import io.nextframe.models.train.TrainLoop;
import io.nextframe.models.train.TrainOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trains a {@link CrossConvNet} (cVAE or AE ablation) on frame pairs with the shared {@link TrainLoop}: seeded
 * batches, checkpoints every {@code checkpointEvery} steps, exact resume, losses.csv and loss.png in {@code out}.
 * The sampler's Philox counter is set from the step (step · B · |z|), so a resumed run draws the same ε.
 */
public final class CrossConvTraining {
    private CrossConvTraining() {
    }

    /** Hyper-parameters of one run. */
    public record Options(CrossConvTrainer.Mode mode, CrossConvLoss loss, double learningRate, int batchSize,
                          long steps, int checkpointEvery, long seed) {
        /** [P]'s defaults: Adam 1e-3, batch 8, w_kl 1e-5. */
        public static Options defaults(CrossConvTrainer.Mode mode, long steps) {
            return new Options(mode, CrossConvLoss.defaults(), 1e-3, 8, steps, 500, 2016);
        }
    }

    /** Runs (or resumes) training of {@code net} on two-frame clips of {@code data}. */
    public static TrainLoop.Result train(CrossConvNet net, ClipSource data, Options o, Path out, boolean resume,
                                         PrintStream log) throws IOException {
        int pairs = (int) Math.min(Integer.MAX_VALUE, data.size());
        Map<String, String> meta = new CrossConvSettings(net.config(), o.mode(), o.loss(), o.learningRate(),
                o.batchSize(), pairs, 0).metadata();
        return train(net, data, o, meta, out, resume, log);
    }

    /**
     * As {@link #train(CrossConvNet, ClipSource, Options, Path, boolean, PrintStream)}, with the model file's
     * metadata ({@link CrossConvSettings#metadata()}) written into every checkpoint, whose kind is
     * {@value CrossConvFiles#KIND}: a checkpoint loads as a model file.
     */
    public static TrainLoop.Result train(CrossConvNet net, ClipSource data, Options o, Map<String, String> metadata,
                                         Path out, boolean resume, PrintStream log) throws IOException {
        CrossConvConfig c = net.config();
        if (data.frames() < 2 || data.channels() != 3 || data.height() != c.inputSize()
                || data.width() != c.inputSize()) {
            throw new IllegalArgumentException("CrossConvTraining: clips of " + data.frames() + " × "
                    + data.channels() + " × " + data.height() + " × " + data.width() + "; the network needs 2 × 3 × "
                    + c.inputSize() + " × " + c.inputSize());
        }
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        try (Adam adam = new Adam(net.trainableParameters(), o.learningRate())) {
            TrainOptions options = new TrainOptions(CrossConvFiles.KIND, meta, o.steps(), o.checkpointEvery(), 50,
                    out, o.seed(), s -> o.learningRate(), resume);
            BatchLoader.Options loader = BatchLoader.Options.of(o.batchSize(), o.seed());
            return new TrainLoop(net, adam, options, log).run(data, loader, (batch, step) -> {
                net.sampler().setCounter(step * batch.shape().dim(0) * (long) c.zSize());
                Var clips = Var.constant(batch);
                Var first = F.select(clips, 1, 0);
                Var second = F.select(clips, 1, 1);
                return CrossConvTrainer.objective(net, o.loss(), o.mode(), first, second)[0];
            });
        }
    }
}
