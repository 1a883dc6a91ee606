package io.nextframe.models.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where a run stands, besides the tensors: the number of completed optimizer steps, the run seed, the data
 * iterator's position and named random counters (streams already handed out by a model's sampler, for example).
 * Everything is stored as strings in the checkpoint's {@code __metadata__} under {@code train.*} and {@code data.*}
 * (CONTRACTS.md §4 wants a flat string map).
 */
public record TrainingState(long step, long seed, Map<String, String> data, Map<String, Long> rngCounters) {
    static final String STEP = "train.step";
    static final String SEED = "train.seed";
    static final String RNG_PREFIX = "train.rng.";

    public TrainingState {
        if (step < 0) {
            throw new IllegalArgumentException("TrainingState: step " + step + " < 0");
        }
        data = Map.copyOf(data);
        rngCounters = Map.copyOf(rngCounters);
    }

    /** The state of a run that has not started. */
    public static TrainingState start(long seed) {
        return new TrainingState(0, seed, Map.of(), Map.of());
    }

    /** The flat metadata entries of this state. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(STEP, Long.toString(step));
        m.put(SEED, Long.toString(seed));
        m.putAll(data);
        rngCounters.forEach((k, v) -> m.put(RNG_PREFIX + k, Long.toString(v)));
        return m;
    }

    /** Reads the state back from a checkpoint's metadata; a missing step or seed is a named error. */
    public static TrainingState fromMetadata(Map<String, String> m) {
        long step = parse(m, STEP);
        long seed = parse(m, SEED);
        Map<String, String> data = new LinkedHashMap<>();
        Map<String, Long> rng = new LinkedHashMap<>();
        m.forEach((k, v) -> {
            if (k.startsWith("data.")) {
                data.put(k, v);
            } else if (k.startsWith(RNG_PREFIX)) {
                rng.put(k.substring(RNG_PREFIX.length()), Long.parseLong(v));
            }
        });
        return new TrainingState(step, seed, data, rng);
    }

    private static long parse(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("checkpoint metadata lacks '" + key + "'; is it a training checkpoint?");
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("checkpoint metadata '" + key + "' = '" + v + "' is not an integer", e);
        }
    }
}
