package io.nextframe.spark;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;
import io.nextframe.models.api.VideoGanPredictor;
import io.nextframe.models.svg.SvgModel;
import org.apache.spark.SparkFiles;

import java.io.IOException;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Which model an executor loads and how: the {@code --model} value (a built-in name, or a file the driver shipped
 * with {@code SparkContext.addFile}), the backend name ({@code auto} resolves on each executor: an OpenCL GPU
 * where one exists, else simd), SVG's BatchNorm mode and the video GAN's photo position.
 */
final class ModelSpec implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String model;
    /** The file name under which the driver shipped a model file (SparkFiles), or null for a built-in name. */
    private final String shipped;
    private final String backend;
    private final String batchStats;
    /** videogan-2s-cond --position, or −1. */
    private final int position;

    ModelSpec(String model, String shipped, String backend, SvgModel.BatchStats batchStats, Integer position) {
        this.model = model;
        this.shipped = shipped;
        this.backend = backend;
        this.batchStats = batchStats.name();
        this.position = position == null ? -1 : position;
    }

    /** The cache key: one loaded model per distinct key and executor JVM. */
    String key() {
        return model + "|" + shipped + "|" + backend + "|" + batchStats + "|" + position;
    }

    String model() {
        return model;
    }

    /** The model file as this JVM sees it: the shipped copy, the path as given, or the built-in's weights. */
    Path file() throws IOException {
        if (shipped != null) {
            Path local = Path.of(SparkFiles.get(shipped));
            if (Files.isRegularFile(local)) {
                return local;
            }
        }
        return Predictors.resolve(model);
    }

    /** Opens backend and predictor (the caller owns both). */
    Loaded open() throws IOException {
        Backend b = Backends.open(backend);
        try {
            Predictor p = Predictors.load(file(), b,
                    new Predictors.OpenOptions(SvgModel.BatchStats.valueOf(batchStats)));
            if (position >= 0) {
                if (!(p instanceof VideoGanPredictor v)) {
                    p.close();
                    throw new IllegalArgumentException("--position applies to a photo-conditioned video GAN "
                            + "(videogan-2s-cond), not to model '" + p.kind() + "'");
                }
                v.setPhotoPosition(position);
            }
            return new Loaded(b, p);
        } catch (IOException | RuntimeException e) {
            b.close();
            throw e;
        }
    }

    /** A backend and the predictor over it. Plain class (see {@link ClipRef}). */
    static final class Loaded implements AutoCloseable {
        final Backend backend;
        final Predictor predictor;

        Loaded(Backend backend, Predictor predictor) {
            this.backend = backend;
            this.predictor = predictor;
        }

        @Override
        public void close() {
            predictor.close();
            backend.close();
        }
    }
}
