package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import io.nextframe.layers.Rng;
import io.nextframe.models.train.CheckpointStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code crossconv} model files (CONTRACTS §4): safetensors with the network's state dict under its module names
 * ({@code motion_encoder.}, {@code kernel_decoder.}, {@code image_encoder<s>.}, {@code motion_decoder.}), the stored
 * training z means as {@value #BANK} (bank × |z|, absent when none were stored), and {@link CrossConvSettings} in
 * {@code __metadata__}. A training checkpoint ({@code checkpoint.safetensors}) loads as a model file without a bank;
 * its optimizer entries ({@code optim.*}) are ignored.
 */
public final class CrossConvFiles {
    public static final String KIND = "crossconv";
    /** The tensor holding the stored training z means, one row per pair. */
    public static final String BANK = "latent_bank";

    private CrossConvFiles() {
    }

    /** A loaded network with its settings, the file's metadata and its stored z (possibly empty). */
    public record Loaded(CrossConvNet net, CrossConvSettings settings, Map<String, String> metadata, LatentBank bank)
            implements AutoCloseable {
        @Override
        public void close() {
            net.close();
        }
    }

    /** The full metadata of a file: format keys, kind, then {@code settings}. */
    public static Map<String, String> metadata(CrossConvSettings settings) {
        return CheckpointStore.modelMetadata(KIND, settings.metadata());
    }

    /** Writes the network, its settings and the bank (skipped when empty) atomically. */
    public static void save(CrossConvNet net, CrossConvSettings settings, LatentBank bank, Path file)
            throws IOException {
        save(net, settings, bank, Map.of(), file);
    }

    /**
     * As {@link #save(CrossConvNet, CrossConvSettings, LatentBank, Path)}, with {@code provenance} keys added to the
     * metadata after the settings (the training data's name and seed: {@code data}, {@code train_seed}).
     */
    public static void save(CrossConvNet net, CrossConvSettings settings, LatentBank bank,
                            Map<String, String> provenance, Path file) throws IOException {
        if (!settings.config().equals(net.config())) {
            throw new IllegalArgumentException("CrossConvFiles.save: settings describe " + settings.config()
                    + ", the network is " + net.config());
        }
        Map<String, HostTensor> tensors = new LinkedHashMap<>(net.hostStateDict());
        if (bank != null && bank.size() > 0) {
            float[] rows = new float[bank.size() * net.config().zSize()];
            for (int i = 0; i < bank.size(); i++) {
                System.arraycopy(bank.get(i), 0, rows, i * net.config().zSize(), net.config().zSize());
            }
            tensors.put(BANK, new HostTensor(new int[] {bank.size(), net.config().zSize()}, rows));
        }
        Map<String, String> meta = metadata(settings);
        provenance.forEach((k, v) -> {
            if (meta.containsKey(k)) {
                throw new IllegalArgumentException("CrossConvFiles.save: provenance key '" + k + "' would replace a "
                        + "setting");
            }
            meta.put(k, v);
        });
        SafeTensors.write(file, tensors, meta, FileDType.F32);
    }

    /**
     * Loads a {@code crossconv} file (or a file without {@code format} naming that model, as an export script
     * writes). A file of another kind, bad metadata, a state dict that does not fit or a bank of the wrong width is
     * a {@link ModelFormatException} naming the file and the problem.
     */
    public static Loaded load(Path file, Backend backend) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            Map<String, String> meta = f.metadata();
            String kind = meta.get("model");
            if (!KIND.equals(kind)) {
                throw new ModelFormatException(file, kind == null ? "metadata has no 'model' key; a Cross "
                        + "Convolutional Network file names " + KIND : "holds model '" + kind + "', not " + KIND);
            }
            CrossConvSettings settings;
            try {
                settings = CrossConvSettings.fromMetadata(meta);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, e.getMessage(), e);
            }
            int zSize = settings.config().zSize();
            LatentBank bank = new LatentBank(zSize);
            Map<String, HostTensor> state = new LinkedHashMap<>();
            for (String name : f.names()) {
                if (name.startsWith("optim.")) {
                    continue;
                }
                if (name.equals(BANK)) {
                    HostTensor b = f.host(name);
                    if (b.shape().length != 2 || b.shape()[1] != zSize) {
                        throw new ModelFormatException(file, "tensor '" + BANK + "' has shape "
                                + java.util.Arrays.toString(b.shape()) + ", expected (N, " + zSize + ") for z of "
                                + zSize);
                    }
                    float[] d = b.data();
                    for (int i = 0; i < b.shape()[0]; i++) {
                        bank.add(java.util.Arrays.copyOfRange(d, i * zSize, (i + 1) * zSize));
                    }
                    continue;
                }
                state.put(name, f.host(name));
            }
            CrossConvNet net = new CrossConvNet(backend, settings.config(), new Rng(0));
            try {
                net.load(state);
            } catch (RuntimeException e) {
                net.close();
                throw new ModelFormatException(file, "state dict does not fit " + KIND + " " + settings.config()
                        + ": " + e.getMessage(), e);
            }
            net.eval();
            return new Loaded(net, settings, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(meta)),
                    bank);
        }
    }
}
