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

    /**
     * {@code SvgAnalyses MODEL OUT_DIR [key=value …]}: runs both analyses on a model file or checkpoint with modest
     * sizes. Keys: backend (simd), which (both | sigma | trajectories), clips, steps, sdata, motion (σ_ψ: 100, 50,
     * smmnist, 0), tclips, samples, tsteps, truth (trajectories: 20, 50, 30, 1000), batch (25).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: SvgAnalyses MODEL OUT_DIR [backend=simd which=both clips=100 steps=50 "
                    + "sdata=smmnist motion=0 tclips=20 samples=50 tsteps=30 truth=1000 batch=25]");
            System.exit(2);
        }
        Map<String, String> kv = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("SvgAnalyses: argument '" + args[i] + "' is not key=value");
            }
            kv.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Path out = Path.of(args[1]);
        String which = kv.getOrDefault("which", "both");
        int batch = Integer.parseInt(kv.getOrDefault("batch", "25"));
        Loaded l = load(Path.of(args[0]), io.nextframe.core.Backends.get(kv.getOrDefault("backend", "simd")));
        String label = Path.of(args[0]).getFileName() + (l.step() >= 0 ? ", step " + l.step() : "");
        try (SvgModel model = l.model()) {
            if (!which.equals("trajectories")) {
                long t0 = System.nanoTime();
                PriorSigma.Options o = PriorSigma.Options.defaults();
                o = o.withSizes(Integer.parseInt(kv.getOrDefault("clips", "100")),
                        Integer.parseInt(kv.getOrDefault("steps", "50")), batch)
                        .withData(kv.getOrDefault("sdata", o.dataset()), o.dataSeed(),
                                Long.parseLong(kv.getOrDefault("motion", "0")));
                PriorSigma.Result r = priorSigma(model, o, label, out);
                System.out.printf("prior sigma (%s): ratio generated %.4f (generated frames %.4f), teacher-forced "
                                + "%.4f (generated frames %.4f); peaks at collisions: generated %d/%d, teacher-forced "
                                + "%d/%d; collisions %s; %.0f s%n", label,
                        r.generatedRatio().all(), r.generatedRatio().afterContext(), r.teacherForcedRatio().all(),
                        r.teacherForcedRatio().afterContext(), r.generatedPeaks().peaked(),
                        r.generatedPeaks().collisions(), r.teacherForcedPeaks().peaked(),
                        r.teacherForcedPeaks().collisions(), java.util.Arrays.toString(r.collisions()),
                        (System.nanoTime() - t0) / 1e9);
            }
            if (!which.equals("sigma")) {
                long t0 = System.nanoTime();
                TrajectoryDistribution.Options o = TrajectoryDistribution.Options.defaults();
                o = new TrajectoryDistribution.Options(o.dataset(), o.dataSeed(),
                        Integer.parseInt(kv.getOrDefault("tclips", "20")),
                        Integer.parseInt(kv.getOrDefault("samples", "50")),
                        Integer.parseInt(kv.getOrDefault("tsteps", "30")),
                        Integer.parseInt(kv.getOrDefault("truth", "1000")), batch, o.seed(), o.stats());
                TrajectoryDistribution.Result r = trajectories(model, o, label, out);
                System.out.printf("trajectories (%s): truth delta up to collision %.3f, truth peak after %.3f; TV "
                                + "up to collision %.3f (floor %.3f), after %.3f (floor %.3f); %.0f s%n", label,
                        r.truthDeltaBefore(), r.truthPeakAfter(), r.tvBefore(), r.floorBefore(), r.tvAfter(),
                        r.floorAfter(), (System.nanoTime() - t0) / 1e9);
            }
        }
    }
}
