package io.nextframe.models.crossconv;

import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.Module;
import io.nextframe.layers.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model (under "model."), optional optimizer (under "optim.adam.") and the sampler's random counter in one
 * safetensors file, with the configuration and step as metadata. Loading into a model of another configuration is
 * refused before any tensor is written.
 */
public final class CrossConvCheckpoint {
    static final String CONFIG_KEY = "crossconv.config";
    static final String STEP_KEY = "crossconv.step";

    private CrossConvCheckpoint() {
    }

    public static void save(Path file, CrossConvNet net, Optimizer adam, long step) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put(CONFIG_KEY, net.config().toString());
        meta.put(STEP_KEY, Long.toString(step));
        Checkpoint.save(file, Map.<String, Module>of("model", net),
                adam == null ? Map.of() : Map.of("adam", adam), meta);
    }

    /** Loads into {@code net} (and {@code adam} if not null); returns the saved step. */
    public static long load(Path file, CrossConvNet net, Optimizer adam) throws IOException {
        Map<String, String> meta = Checkpoint.metadata(file);
        String saved = meta.get(CONFIG_KEY);
        if (saved == null || !saved.equals(net.config().toString())) {
            throw new IllegalArgumentException("CrossConvCheckpoint.load: " + file + " holds a model of " + saved
                    + ", the target model is " + net.config());
        }
        Checkpoint.load(file, Map.<String, Module>of("model", net), adam == null ? Map.of() : Map.of("adam", adam),
                true);
        return Long.parseLong(meta.getOrDefault(STEP_KEY, "0"));
    }
}
