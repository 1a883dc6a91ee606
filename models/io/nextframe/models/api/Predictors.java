package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.models.dfn.DfnModel;
import io.nextframe.models.drnet.DrnetFiles;
import io.nextframe.models.svg.SvgFiles;
import io.nextframe.models.svg.SvgModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Opens a {@link Predictor} from a model file or a built-in name, dispatching on the file's {@code model} key. */
public final class Predictors {
    private Predictors() {
    }

    /** Options of opening that only some families use. */
    public record OpenOptions(SvgModel.BatchStats svgBatchStats) {
        public static OpenOptions defaults() {
            return new OpenOptions(SvgModel.BatchStats.RUNNING);
        }
    }

    public static Predictor open(String nameOrFile, Backend backend) throws IOException {
        return open(nameOrFile, backend, OpenOptions.defaults());
    }

    /**
     * {@code nameOrFile}: a path to a {@code .safetensors} model file, or a built-in name ({@link BuiltinModels}).
     * The file's kind decides the family; a file of a kind that does not predict frames is a named error.
     */
    public static Predictor open(String nameOrFile, Backend backend, OpenOptions options) throws IOException {
        return load(resolve(nameOrFile), backend, options);
    }

    /** The model file for {@code nameOrFile}: an existing path, else a built-in's weights. */
    public static Path resolve(String nameOrFile) throws IOException {
        Path p = Path.of(nameOrFile);
        if (Files.exists(p)) {
            if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                throw new IllegalArgumentException("--model " + nameOrFile + " is not a readable file");
            }
            return p;
        }
        if (BuiltinModels.entry(nameOrFile).isPresent()) {
            return BuiltinModels.file(nameOrFile);
        }
        throw new IllegalArgumentException("--model " + nameOrFile + ": no such file, and not a built-in name ("
                + BuiltinModels.all().stream().map(BuiltinModels.Entry::name).toList() + ")");
    }

    /**
     * Loads {@code file} as a predictor on {@code backend}. A file whose metadata or tensors do not describe a loadable
     * model (a config value that is not a number, weights of the wrong shape, a missing tensor, a config larger than
     * its weights) raises {@link ModelFormatException} naming the file and the problem ({@link ModelLoading}).
     */
    public static Predictor load(Path file, Backend backend, OpenOptions options) throws IOException {
        String kind = kindOf(file);
        return ModelLoading.guarded(file, kind, backend, () -> loadKind(kind, file, backend, options));
    }

    private static Predictor loadKind(String kind, Path file, Backend backend, OpenOptions options)
            throws IOException {
        return switch (kind) {
            case "svg-lp", "svg-fp", "svg-det" -> new SvgPredictor(SvgFiles.load(file, backend),
                    options.svgBatchStats());
            case "dfn", "dfn-baseline" -> new DfnPredictor(DfnModel.load(file, backend));
            case "drnet-lstm" -> new DrnetLstmPredictor(DrnetFiles.loadLstm(file, backend));
            case "videogan-2s-cond" -> VideoGanPredictor.load(file, backend);
            case "crossconv" -> CrossConvPredictor.load(file, backend);
            case "drnet" -> throw new ModelFormatException(file, "holds model 'drnet' (content/pose encoders and "
                    + "decoder without the pose LSTM); train the LSTM on it (a drnet-lstm file) to predict frames");
            default -> throw new ModelFormatException(file, "holds model '" + kind + "', which does not predict "
                    + "frames from a context (models that do: svg-lp, svg-fp, svg-det, dfn, dfn-baseline, "
                    + "drnet-lstm, videogan-2s-cond, crossconv)");
        };
    }

    /** The {@code model} metadata key of a model file. */
    public static String kindOf(Path file) throws IOException {
        Map<String, String> meta;
        try (var f = SafeTensors.read(file)) {
            meta = f.metadata();
        }
        String kind = meta.get("model");
        if (kind == null) {
            throw new ModelFormatException(file, "metadata has no 'model' key, so the model kind is unknown "
                    + "(a nextframe or exported file names it, e.g. \"model\": \"svg-lp\")");
        }
        return kind;
    }

    /** {@code one} (F·C·H·W values) repeated {@code k} times. */
    static float[] repeat(float[] one, int k) {
        float[] out = new float[one.length * k];
        for (int i = 0; i < k; i++) {
            System.arraycopy(one, 0, out, i * one.length, one.length);
        }
        return out;
    }
}
