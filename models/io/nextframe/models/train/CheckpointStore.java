package io.nextframe.models.train;

import io.nextframe.core.io.AtomicFiles;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.Module;
import io.nextframe.layers.optim.Optimizer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training checkpoints in a run directory: ONE safetensors file, {@code checkpoint.safetensors}, holding the model's
 * state dict under its own keys (so the file also loads as a plain model file), the optimizer's state under
 * {@code optim.<name>.}, and in {@code __metadata__} the format keys of CONTRACTS.md §4, the model's config and the
 * {@link TrainingState}. Before a new checkpoint replaces the current one, the current one is kept as
 * {@code checkpoint.prev.safetensors}; the new file is written to a temporary name, fsynced and renamed
 * ({@link SafeTensors#write}), so a crash at any moment leaves at least one complete checkpoint.
 */
public final class CheckpointStore {
    public static final String FILE = "checkpoint.safetensors";
    public static final String PREVIOUS = "checkpoint.prev.safetensors";
    public static final String OPTIMIZER_NAME = "adam";

    /** How a checkpoint's bytes reach the disk; a seam so tests can make the write fail (disk full) midway. */
    @FunctionalInterface
    interface Writer {
        void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata) throws IOException;
    }

    private final Path dir;
    private final Writer writer;

    public CheckpointStore(Path dir) {
        this(dir, (file, tensors, meta) -> SafeTensors.write(file, tensors, meta, FileDType.F32));
    }

    CheckpointStore(Path dir, Writer writer) {
        this.dir = dir;
        this.writer = writer;
    }

    public Path current() {
        return dir.resolve(FILE);
    }

    public Path previous() {
        return dir.resolve(PREVIOUS);
    }

    /** Whether a checkpoint exists to resume from. */
    public boolean exists() {
        return Files.isRegularFile(current()) || Files.isRegularFile(previous());
    }

    /** The metadata every nextframe model file carries: format, version, kind, then the config's keys. */
    public static Map<String, String> modelMetadata(String kind, Map<String, String> config) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "nextframe");
        m.put("format_version", "1");
        m.put("model", kind);
        m.putAll(config);
        return m;
    }

    /** Writes a checkpoint atomically, keeping the previous one. */
    public void save(Module model, Optimizer optimizer, String kind, Map<String, String> config, TrainingState state)
            throws IOException {
        save(model, optimizer, Map.of(), kind, config, state);
    }

    /**
     * Writes a checkpoint with auxiliary optimizers besides the main one (a GAN family's discriminator optimizer,
     * for example), each under {@code optim.<name>.}; the names must differ from {@value #OPTIMIZER_NAME}.
     */
    public void save(Module model, Optimizer optimizer, Map<String, Optimizer> auxiliary, String kind,
                     Map<String, String> config, TrainingState state) throws IOException {
        checkAuxiliaryNames(auxiliary);
        Files.createDirectories(dir);
        // a run killed inside a checkpoint write leaves its temporary file; don't let them pile up over resumes
        AtomicFiles.deleteStaleTemporaries(current());
        Map<String, HostTensor> tensors = new LinkedHashMap<>(model.hostStateDict());
        for (String k : tensors.keySet()) {
            if (k.startsWith(Checkpoint.OPTIMIZER_PREFIX)) {
                throw new IllegalArgumentException("CheckpointStore: model key '" + k + "' collides with the "
                        + "optimizer prefix '" + Checkpoint.OPTIMIZER_PREFIX + "'");
            }
        }
        optimizer.stateDict().forEach((k, t) -> tensors.put(optimizerPrefix() + k, t));
        auxiliary.forEach((name, o) -> o.stateDict().forEach((k, t) -> tensors.put(prefix(name) + k, t)));
        Map<String, String> meta = modelMetadata(kind, config);
        meta.putAll(state.toMetadata());
        if (Files.isRegularFile(current())) {
            // the rename is atomic: at every moment a complete checkpoint exists under one of the two names
            Files.move(current(), previous(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        try {
            writer.write(current(), tensors, meta);
        } catch (IOException e) {
            // the atomic write left no partial file behind; say which file failed and what a resume will use
            throw new IOException("writing checkpoint " + current() + " (step " + state.step() + ") failed: "
                    + e.getMessage() + "; " + (Files.isRegularFile(previous())
                    ? "the last complete checkpoint remains " + previous() : "no earlier checkpoint exists"), e);
        }
    }

    /**
     * Restores model and optimizer from the newest readable checkpoint (the previous one when the current one is
     * damaged) and returns its state. The file's model kind must equal {@code kind}.
     */
    public TrainingState load(Module model, Optimizer optimizer, String kind) throws IOException {
        return load(model, optimizer, Map.of(), kind);
    }

    /** As {@link #load(Module, Optimizer, String)}, restoring the auxiliary optimizers too (all must be present). */
    public TrainingState load(Module model, Optimizer optimizer, Map<String, Optimizer> auxiliary, String kind)
            throws IOException {
        checkAuxiliaryNames(auxiliary);
        IOException firstFailure = null;
        for (Path p : new Path[] {current(), previous()}) {
            if (!Files.isRegularFile(p)) {
                continue;
            }
            Map<String, HostTensor> all;
            Map<String, String> meta;
            try {
                all = SafeTensors.readAll(p);
                meta = Checkpoint.metadata(p);
            } catch (IOException | RuntimeException e) {
                if (firstFailure == null) {
                    firstFailure = new IOException("checkpoint " + p + " is unreadable: " + e.getMessage(), e);
                }
                continue;
            }
            String fileKind = meta.get("model");
            if (!kind.equals(fileKind)) {
                throw new IllegalArgumentException("checkpoint " + p + " holds model '" + fileKind
                        + "', expected '" + kind + "'");
            }
            Map<String, HostTensor> modelPart = new LinkedHashMap<>();
            Map<String, HostTensor> optimPart = new LinkedHashMap<>();
            Map<String, Map<String, HostTensor>> auxParts = new LinkedHashMap<>();
            auxiliary.keySet().forEach(name -> auxParts.put(name, new LinkedHashMap<>()));
            all.forEach((k, v) -> {
                if (k.startsWith(optimizerPrefix())) {
                    optimPart.put(k.substring(optimizerPrefix().length()), v);
                    return;
                }
                for (String name : auxiliary.keySet()) {
                    if (k.startsWith(prefix(name))) {
                        auxParts.get(name).put(k.substring(prefix(name).length()), v);
                        return;
                    }
                }
                modelPart.put(k, v);
            });
            model.load(modelPart, true);
            optimizer.loadStateDict(optimPart);
            auxiliary.forEach((name, o) -> o.loadStateDict(auxParts.get(name)));
            return TrainingState.fromMetadata(meta);
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
        throw new IOException("no checkpoint in " + dir + " (expected " + FILE + " or " + PREVIOUS + ")");
    }

    private static String optimizerPrefix() {
        return prefix(OPTIMIZER_NAME);
    }

    private static String prefix(String optimizerName) {
        return Checkpoint.OPTIMIZER_PREFIX + optimizerName + ".";
    }

    private static void checkAuxiliaryNames(Map<String, Optimizer> auxiliary) {
        for (String name : auxiliary.keySet()) {
            if (name.isEmpty() || name.contains(".") || name.equals(OPTIMIZER_NAME)) {
                throw new IllegalArgumentException("CheckpointStore: auxiliary optimizer name '" + name
                        + "' must be non-empty, without dots and not '" + OPTIMIZER_NAME + "'");
            }
        }
    }
}
