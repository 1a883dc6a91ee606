package io.nextframe.models.svg.analysis;

import io.nextframe.core.Backend;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import io.nextframe.layers.Checkpoint;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.svg.SvgFiles;
import io.nextframe.models.svg.SvgModel;
import io.nextframe.models.train.TrainingState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Entry points of the two SVG analyses for the CLI and scripts: each runs on a model, writes its JSON (and CSV) and
 * PNG into a directory and returns the result. {@link #load} opens a model file or a training checkpoint.
 */
public final class SvgAnalyses {
    private SvgAnalyses() {
    }

    /** The σ_ψ-versus-time analysis; writes prior-sigma.{json,csv,png} into {@code outDir}. */
    public static PriorSigma.Result priorSigma(SvgModel model, PriorSigma.Options options, String label, Path outDir)
            throws IOException {
        PriorSigma.Result r = PriorSigma.run(model, options);
        PriorSigma.write(r, label, outDir);
        return r;
    }

    /** The trajectory-distribution test; writes trajectory-distribution.{json,png} into {@code outDir}. */
    public static TrajectoryDistribution.Result trajectories(SvgModel model, TrajectoryDistribution.Options options,
                                                             String label, Path outDir) throws IOException {
        TrajectoryDistribution.Result r = TrajectoryDistribution.run(model, options);
        TrajectoryDistribution.write(r, label, outDir);
        return r;
    }

    /** A loaded model and, for a checkpoint, its training step (−1 for a plain model file). */
    public record Loaded(SvgModel model, long step) {
    }

    /**
     * Loads an SVG model file or a training checkpoint (models/train/CheckpointStore: the state dict under its own
     * keys beside optimizer state under {@code optim.}, which is left out, and the step in the metadata).
     */
    public static Loaded load(Path file, Backend backend) throws IOException {
        Map<String, String> meta;
        Map<String, HostTensor> state = new LinkedHashMap<>();
        boolean checkpoint = false;
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            meta = f.metadata();
            for (String name : f.names()) {
                if (name.startsWith(Checkpoint.OPTIMIZER_PREFIX)) {
                    checkpoint = true;
                } else {
                    state.put(name, f.host(name));
                }
            }
        }
        if (!checkpoint) {
            return new Loaded(SvgFiles.load(file, backend), -1);
        }
        SvgConfig config;
        long step;
        try {
            config = SvgConfig.fromMetadata(meta);
            step = TrainingState.fromMetadata(meta).step();
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
        SvgModel model = new SvgModel(backend, config, 0);
        try {
            model.load(state);
        } catch (RuntimeException e) {
            model.close();
            throw new ModelFormatException(file, "checkpoint state does not fit " + config.kind().id() + ": "
                    + e.getMessage(), e);
        }
        return new Loaded(model, step);
    }
}
