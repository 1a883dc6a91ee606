package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SVG model files: safetensors with the state dict under encoder./decoder./frame_predictor./posterior./prior. and
 * the config in {@code __metadata__} (CONTRACTS §4). Files written by scripts/export_svg_from_pytorch.py from the
 * authors' checkpoints load the same way.
 */
public final class SvgFiles {
    private SvgFiles() {
    }

    /** Loads a model of any SVG kind. */
    public static SvgModel load(Path file, Backend backend) throws IOException {
        return load(file, backend, null);
    }

    /** Loads a model, checking that the file holds {@code expected} (null: any SVG kind). */
    public static SvgModel load(Path file, Backend backend, SvgKind expected) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            Map<String, String> meta = f.metadata();
            String kind = meta.get("model");
            if (kind == null) {
                throw new ModelFormatException(file, "metadata has no 'model' key; an SVG file names svg-lp, "
                        + "svg-fp or svg-det");
            }
            if (!kind.startsWith("svg-")) {
                throw new ModelFormatException(file, "holds model '" + kind + "', not an SVG model");
            }
            SvgConfig config;
            try {
                config = SvgConfig.fromMetadata(meta);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, e.getMessage(), e);
            }
            if (expected != null && config.kind() != expected) {
                throw new ModelFormatException(file, "holds model '" + kind + "', expected '" + expected.id() + "'");
            }
            Map<String, HostTensor> state = new LinkedHashMap<>();
            for (String name : f.names()) {
                state.put(name, f.host(name));
            }
            SvgModel model = new SvgModel(backend, config, 0);
            try {
                model.load(state);
            } catch (RuntimeException e) {
                model.close();
                throw new ModelFormatException(file, "state dict does not fit " + kind + ": " + e.getMessage(), e);
            }
            return model;
        }
    }

    public static void save(SvgModel model, Path file) throws IOException {
        SafeTensors.write(file, model.hostStateDict(), model.config().metadata(), FileDType.F32);
    }
}
