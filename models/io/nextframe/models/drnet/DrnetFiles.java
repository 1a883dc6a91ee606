package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import io.nextframe.layers.Module;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * DrNET model files (CONTRACTS §4): safetensors with the state dict under the authors' prefixes and the config in
 * {@code __metadata__}. A {@code drnet} file holds netEC., netEP., netD. and netC. (a PyTorch export of the
 * authors' checkpoint, which does not save netC, loads too: the discriminator then keeps fresh weights). A
 * {@code drnet-lstm} file holds netEC., netEP., netD. and lstm.: it alone predicts ({@link #loadPredictor}).
 * Training checkpoints ({@code checkpoint.safetensors} of a run directory) load as model files as well; their
 * optimizer entries ({@code optim.*}) are ignored.
 */
public final class DrnetFiles {
    private DrnetFiles() {
    }

    /** The model kind a file holds ({@code drnet}, {@code drnet-lstm}, or another kind's name). */
    public static String kind(Path file) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            String kind = f.metadata().get("model");
            if (kind == null) {
                throw new ModelFormatException(file, "metadata has no 'model' key; a DrNET file names drnet or "
                        + "drnet-lstm");
            }
            return kind;
        }
    }

    public static void save(DrnetModel model, Path file) throws IOException {
        SafeTensors.write(file, model.hostStateDict(), model.config().metadata(), FileDType.F32);
    }

    public static void save(DrnetLstmModel model, Path file) throws IOException {
        SafeTensors.write(file, model.hostStateDict(), model.config().metadata(), FileDType.F32);
    }

    /** Loads a {@code drnet} file. */
    public static DrnetModel loadDrnet(Path file, Backend backend) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            Map<String, String> meta = f.metadata();
            expect(file, meta, "drnet");
            DrnetConfig config = parse(file, () -> DrnetConfig.fromMetadata(meta));
            Map<String, HostTensor> state = modelTensors(f);
            boolean hasC = state.keySet().stream().anyMatch(k -> k.startsWith("netC."));
            DrnetModel model = new DrnetModel(backend, config, 0);
            return fill(file, model, state, !hasC ? "netC." : null);
        }
    }

    /** Loads a {@code drnet-lstm} file. */
    public static DrnetLstmModel loadLstm(Path file, Backend backend) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            Map<String, String> meta = f.metadata();
            expect(file, meta, "drnet-lstm");
            DrnetLstmConfig config = parse(file, () -> DrnetLstmConfig.fromMetadata(meta));
            Map<String, HostTensor> state = modelTensors(f);
            // a drnet-lstm file written from a DrNET checkpoint may carry the discriminator: not part of this model
            state.keySet().removeIf(k -> k.startsWith("netC."));
            return fill(file, new DrnetLstmModel(backend, config, 0), state, null);
        }
    }

    /** The encoders and decoder of either kind of file (for analogies and probes). */
    public static DrnetCodec loadCodec(Path file, Backend backend) throws IOException {
        return kind(file).equals("drnet-lstm") ? loadLstm(file, backend) : loadDrnet(file, backend);
    }

    /** A predictor from a {@code drnet-lstm} file (the single file that predicts). */
    public static DrnetPredictor loadPredictor(Path file, Backend backend) throws IOException {
        return new DrnetPredictor(loadLstm(file, backend));
    }

    private static void expect(Path file, Map<String, String> meta, String kind) throws ModelFormatException {
        String k = meta.get("model");
        if (k == null) {
            throw new ModelFormatException(file, "metadata has no 'model' key; expected '" + kind + "'");
        }
        if (!k.equals(kind)) {
            String hint = k.equals("drnet") ? " (train the pose LSTM on it to get a drnet-lstm file that predicts)"
                    : "";
            throw new ModelFormatException(file, "holds model '" + k + "', expected '" + kind + "'" + hint);
        }
    }

    private static <T> T parse(Path file, java.util.function.Supplier<T> reader) throws ModelFormatException {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
    }

    private static Map<String, HostTensor> modelTensors(SafeTensorsFile f) throws IOException {
        Map<String, HostTensor> state = new LinkedHashMap<>();
        for (String name : f.names()) {
            if (!name.startsWith("optim.")) {
                state.put(name, f.host(name));
            }
        }
        return state;
    }

    /** Loads {@code state} strictly, except that keys under {@code optionalPrefix} may be missing. */
    private static <M extends Module> M fill(Path file, M model, Map<String, HostTensor> state,
                                             String optionalPrefix) throws ModelFormatException {
        try {
            if (optionalPrefix == null) {
                model.load(state);
            } else {
                var report = model.load(state, false);
                if (!report.unexpected().isEmpty()
                        || report.missing().stream().anyMatch(k -> !k.startsWith(optionalPrefix))) {
                    throw new IllegalArgumentException("missing " + report.missing().stream()
                            .filter(k -> !k.startsWith(optionalPrefix)).toList() + ", unexpected "
                            + report.unexpected());
                }
            }
        } catch (RuntimeException e) {
            model.close();
            throw new ModelFormatException(file, "state dict does not fit " + model.getClass().getSimpleName()
                    + ": " + e.getMessage(), e);
        }
        return model;
    }
}
