package io.nextframe.layers;

import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import io.nextframe.layers.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Model checkpoints as safetensors files: each module's state dict under its prefix (SVG's {@code encoder.},
 * {@code decoder.}, …; an empty prefix for a single module), each optimizer's state under {@code optim.<name>.},
 * and a flat string map in {@code __metadata__}. Writes are atomic (temp file and rename).
 */
public final class Checkpoint {
    /** The metadata prefix of the random counters ({@link RandomCounter}) of dropout layers and samplers. */
    public static final String COUNTER_PREFIX = "rng_counter.";
    /** The prefix of optimizer state in a checkpoint. */
    public static final String OPTIMIZER_PREFIX = "optim.";

    private Checkpoint() {
    }

    /** Saves one module's state dict (keys exactly as {@link Module#stateDict()}). */
    public static void save(Path file, Module module, Map<String, String> metadata) throws IOException {
        SafeTensors.write(file, module.hostStateDict(), metadata, FileDType.F32);
    }

    /**
     * Saves several modules by prefix, optimizers (may be empty) under {@code optim.<name>.}, and the modules' random
     * counters as metadata entries {@code rng_counter.<prefix>.<path>} beside the caller's metadata.
     */
    public static void save(Path file, Map<String, Module> modules, Map<String, Optimizer> optimizers,
                            Map<String, String> metadata) throws IOException {
        Map<String, HostTensor> all = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        modules.forEach((prefix, m) -> {
            m.hostStateDict().forEach((k, t) -> all.put(join(prefix, k), t));
            m.randomCounters().forEach((path, r) -> meta.put(COUNTER_PREFIX + join(prefix, path),
                    Long.toString(r.counter())));
        });
        optimizers.forEach((name, o) -> o.stateDict().forEach((k, t) -> all.put(OPTIMIZER_PREFIX + name + "." + k, t)));
        SafeTensors.write(file, all, meta, FileDType.F32);
    }

    /** Loads one module from a file written by {@link #save(Path, Module, Map)} (or a PyTorch export). */
    public static LoadReport load(Path file, Module module, boolean strict) throws IOException {
        return module.load(SafeTensors.readAll(file), strict);
    }

    /**
     * Loads modules by prefix and optimizers by name from one file. Keys of other prefixes are not "unexpected" for
     * a module; each module is checked against its own prefix. Returns the file's metadata.
     */
    public static Map<String, String> load(Path file, Map<String, Module> modules, Map<String, Optimizer> optimizers,
                                           boolean strict) throws IOException {
        Map<String, HostTensor> all = SafeTensors.readAll(file);
        for (Map.Entry<String, Module> e : modules.entrySet()) {
            e.getValue().load(withPrefix(all, e.getKey()), strict);
        }
        for (Map.Entry<String, Optimizer> e : optimizers.entrySet()) {
            e.getValue().loadStateDict(withPrefix(all, OPTIMIZER_PREFIX + e.getKey()));
        }
        Map<String, String> meta = metadata(file);
        modules.forEach((prefix, m) -> m.randomCounters().forEach((path, r) -> {
            String v = meta.get(COUNTER_PREFIX + join(prefix, path));
            if (v != null) {
                r.setCounter(Long.parseLong(v));
            }
        }));
        return meta;
    }

    /**
     * The model tensors of an open file: every tensor but optimizer state, so that a training checkpoint loads as a
     * model file.
     */
    public static Map<String, HostTensor> modelState(SafeTensorsFile f) throws IOException {
        Map<String, HostTensor> state = new LinkedHashMap<>();
        for (String name : f.names()) {
            if (!name.startsWith(OPTIMIZER_PREFIX)) {
                state.put(name, f.host(name));
            }
        }
        return state;
    }

    /** The {@code __metadata__} map of a safetensors file. */
    public static Map<String, String> metadata(Path file) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            return f.metadata();
        }
    }

    /** The entries of {@code all} under {@code prefix} ("" for all), with the prefix removed. */
    public static Map<String, HostTensor> withPrefix(Map<String, HostTensor> all, String prefix) {
        if (prefix.isEmpty()) {
            return all;
        }
        String p = prefix.endsWith(".") ? prefix : prefix + ".";
        Map<String, HostTensor> out = new LinkedHashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(p)) {
                out.put(k.substring(p.length()), v);
            }
        });
        return out;
    }

    private static String join(String prefix, String key) {
        if (prefix.isEmpty() || key.isEmpty()) {
            return prefix.isEmpty() ? key : prefix.replaceAll("\\.$", "");
        }
        return prefix.endsWith(".") ? prefix + key : prefix + "." + key;
    }
}
