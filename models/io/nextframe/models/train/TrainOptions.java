package io.nextframe.models.train;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongToDoubleFunction;

/**
 * Settings of one run of {@link TrainLoop}.
 *
 * @param kind            the model kind written into checkpoints (CONTRACTS.md §4: {@code dfn}, …)
 * @param config          the model's config under the reference code's option names, as strings
 * @param steps           total optimizer steps of the run (a resumed run stops at the same total)
 * @param checkpointEvery write a checkpoint every this many steps (and at the end); 0 for only at the end
 * @param logEvery        print a progress line every this many steps
 * @param out             the run directory (checkpoint, losses.csv, loss.png)
 * @param seed            the run seed (data order and any in-step randomness)
 * @param learningRate    the learning rate as a function of the 0-based step
 * @param resume          continue from the checkpoint in {@code out} if one exists
 */
public record TrainOptions(String kind, Map<String, String> config, long steps, int checkpointEvery, int logEvery,
                           Path out, long seed, LongToDoubleFunction learningRate, boolean resume) {
    public TrainOptions {
        if (kind == null || kind.isEmpty() || out == null || learningRate == null) {
            throw new IllegalArgumentException("TrainOptions: kind, out and learningRate are required");
        }
        if (steps < 0 || checkpointEvery < 0 || logEvery < 1) {
            throw new IllegalArgumentException("TrainOptions: steps " + steps + " ≥ 0, checkpointEvery "
                    + checkpointEvery + " ≥ 0, logEvery " + logEvery + " ≥ 1 expected");
        }
        config = Map.copyOf(config);
    }

    /** lr · factor^⌊step / every⌋ (DFN: 1e-3 halved every 4,000 iterations). */
    public static LongToDoubleFunction stepDecay(double lr, long every, double factor) {
        if (every < 1) {
            throw new IllegalArgumentException("stepDecay: every " + every + " must be ≥ 1");
        }
        return s -> lr * Math.pow(factor, s / every);
    }
}
