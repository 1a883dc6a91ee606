package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.Rng;
import io.nextframe.models.train.CheckpointStore;
import io.nextframe.models.train.TrainLoop;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A command-line training run of the Cross Convolutional Network (or its AE ablation): the first
 * {@code train_pairs} clips of the data (frames 0 and 1 of each) trained with {@link CrossConvTraining} on the
 * shared TrainLoop (checkpoints, exact resume, losses.csv, loss.png, a stop request checkpoints and returns), then,
 * when the run is complete, the z means of the first {@code bank_size} training pairs stored for the paper's
 * empirical-z sampling. The network is built from the run seed (its sampler's Philox key), so a resumed run must
 * use the same seed; a resume whose settings differ from the checkpoint's is refused naming the first such key.
 */
public final class CrossConvRun {
    private CrossConvRun() {
    }

    /** The trained network, its stored z (empty when the run stopped early) and the loop's result. */
    public record Result(CrossConvNet net, LatentBank bank, TrainLoop.Result run) implements AutoCloseable {
        @Override
        public void close() {
            net.close();
        }
    }

    public static Result train(Backend backend, CrossConvSettings s, ClipSource data, long steps, int checkpointEvery,
                               Path out, long seed, boolean resume, PrintStream log) throws IOException {
        if (data.size() < s.trainPairs()) {
            throw new IllegalArgumentException("crossconv: train_pairs " + s.trainPairs() + " but the data holds only "
                    + data.size() + " clips (--set train_pairs=" + data.size() + " trains on all of them)");
        }
        if (s.bankSize() > s.trainPairs()) {
            throw new IllegalArgumentException("crossconv: bank_size " + s.bankSize() + " exceeds train_pairs "
                    + s.trainPairs() + " (the bank stores z of training pairs)");
        }
        Map<String, String> meta = s.metadata();
        if (resume) {
            refuseChangedSettings(new CheckpointStore(out), meta);
        }
        ClipSource train = data.limit(s.trainPairs());
        CrossConvNet net = new CrossConvNet(backend, s.config(), new Rng(seed));
        try {
            CrossConvTraining.Options o = new CrossConvTraining.Options(s.mode(), s.loss(), s.lr(), s.batchSize(),
                    steps, checkpointEvery, seed);
            TrainLoop.Result r = CrossConvTraining.train(net, train, o, meta, out, resume, log);
            LatentBank bank = new LatentBank(s.config().zSize());
            if (r.lastStep() >= steps) {
                fillBank(net, train, s.bankSize(), bank);
            }
            return new Result(net, bank, r);
        } catch (IOException | RuntimeException e) {
            net.close();
            throw e;
        }
    }

    /** Encodes training pairs 0 … count − 1 (frames 0 and 1) in batches and stores their z means. */
    static void fillBank(CrossConvNet net, ClipSource pairs, int count, LatentBank bank) {
        int n = net.config().inputSize();
        int frame = 3 * n * n;
        Backend be = net.backend();
        for (int start = 0; start < count; start += 16) {
            int b = Math.min(16, count - start);
            float[] first = new float[b * frame];
            float[] second = new float[b * frame];
            for (int i = 0; i < b; i++) {
                Clip c = pairs.clip(start + i);
                System.arraycopy(c.data(), 0, first, i * frame, frame);
                System.arraycopy(c.data(), frame, second, i * frame, frame);
            }
            try (Scope scope = be.scope()) {
                Shape shape = Shape.of(b, 3, n, n);
                Tensor a = be.fromFloats(shape, first);
                Tensor c = be.fromFloats(shape, second);
                bank.addEncoded(net, a, c);
            }
        }
    }

    private static void refuseChangedSettings(CheckpointStore store, Map<String, String> meta) throws IOException {
        Path file = Files.isRegularFile(store.current()) ? store.current() : store.previous();
        if (!Files.isRegularFile(file)) {
            return;
        }
        Map<String, String> saved = Checkpoint.metadata(file);
        if (!CrossConvFiles.KIND.equals(saved.get("model"))) {
            return;     // the loop names the kind mismatch
        }
        for (var e : meta.entrySet()) {
            if (!Objects.equals(saved.get(e.getKey()), e.getValue())) {
                throw new IllegalArgumentException("resume: the checkpoint in " + file.getParent() + " was trained "
                        + "with " + e.getKey() + "=" + saved.get(e.getKey()) + ", this run asks for " + e.getKey()
                        + "=" + e.getValue());
            }
        }
    }
}
