package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.data.mnist.Mnist;
import io.nextframe.models.dfn.DfnConfig;
import io.nextframe.models.dfn.DfnTrainer;
import io.nextframe.models.lapgan.LapganConfig;
import io.nextframe.models.lapgan.LapganEvaluation;
import io.nextframe.models.lapgan.LapganFiles;
import io.nextframe.models.lapgan.LapganRun;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.videogan.VideoGanConfig;
import io.nextframe.models.videogan.VideoGanFiles;
import io.nextframe.models.videogan.VideoGanRun;
import io.nextframe.models.videogan.WganTrainer;
import io.nextframe.models.svg.SvgFiles;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgRun;
import io.nextframe.models.train.TrainLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code nextframe train KIND --data DATASET --out DIR}: trains a model kind with the project's trainer. The run
 * directory receives the checkpoint (every {@code --checkpoint-every} steps, atomically), {@code losses.csv},
 * {@code loss.png} and, at the end, the model file {@code model.safetensors}. {@code --resume} continues from the
 * checkpoint in {@code --out} when one is there; the loss curve then equals an uninterrupted run's.
 *
 * <p>{@code --set key=value} overrides the kind's config under the reference code's option names (the keys of
 * the model file's metadata), plus {@code batch_size} for SVG; unknown keys are an error.
 */
@Command(name = "train", description = "Train a model kind on a dataset; checkpoints, loss CSV and plot in --out.",
        footer = {"", "Examples:",
                "  nextframe train svg-lp --data smmnist --steps 4000 --set g_dim=64 --set rnn_size=128 --out runs/svg",
                "  nextframe train dfn --data mmnist --steps 1200 --set nf=16 --out runs/dfn --resume",
                "  nextframe train drnet --preset thesis --steps 3000 --set nf=16 --out runs/drnet",
                "  nextframe train lapgan --data mnist --steps 2000 --set classes=10 --out runs/lapgan",
                "  nextframe train videogan-2s --data mmnist --steps 1000 --set size=32 --set frames=16 --out runs/vg",
                "  nextframe train drnet-lstm --from runs/drnet/model.safetensors --steps 1000 --out runs/drnet-lstm",
                "  nextframe train crossconv --data shapes --preset small --steps 8000 --out runs/crossconv",
                "  nextframe train crossconv --data shapes --preset small --steps 8000 --set ablation=ae --out runs/ae"})
final class TrainCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "KIND",
            description = "svg-lp, svg-fp, svg-det, dfn, dfn-baseline, drnet, drnet-lstm, lapgan, videogan-1s, videogan-2s, videogan-2s-cond, crossconv")
    String kind;

    @Option(names = "--data", description = "dataset name (see docs/DATA.md) or a .npy file; default per kind")
    String data;

    @Option(names = "--steps", required = true, description = "total optimizer steps (a resumed run stops there too)")
    long steps;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "config override, repeatable")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--out", required = true, description = "run directory")
    Path out;

    @Option(names = "--resume", description = "continue from the checkpoint in --out if there is one")
    boolean resume;

    @Option(names = "--checkpoint-every", description = "steps between checkpoints (default ${DEFAULT-VALUE})")
    int checkpointEvery = 200;

    @Option(names = "--seed", description = "run seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--backend", description = "backend name or auto (default ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--preset", description = "drnet: code | code-v1 | thesis; crossconv: code | small | tiny "
            + "(default ${DEFAULT-VALUE})")
    String preset = "code";

    @Option(names = "--json", description = "print a JSON summary on stdout (progress goes to stderr)")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines (errors and the final summary only)")
    boolean quiet;

    @Option(names = "--from", description = "drnet-lstm: the trained drnet model file whose encoders it uses")
    Path from;

    @Override
    public Integer call() throws IOException {
        String k = kind.toLowerCase(Locale.ROOT);
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be ≥ 1, got " + steps);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " exists and is not a directory");
        }
        Files.createDirectories(out);
        switch (k) {
            case "svg-lp", "svg-fp", "svg-det" -> trainSvg(SvgKind.of(k));
            case "dfn", "dfn-baseline" -> trainDfn(k.equals("dfn-baseline"));
            case "drnet" -> trainDrnet();
            case "drnet-lstm" -> trainDrnetLstm();
            case "lapgan" -> trainLapgan();
            case "videogan-1s", "videogan-2s", "videogan-2s-cond" -> trainVideoGan(k);
            case "crossconv" -> trainCrossConv();
            default -> throw new UsageException("train: model kind '" + kind + "' is not trainable from the command "
                    + "line; known: svg-lp, svg-fp, svg-det, dfn, dfn-baseline, drnet, drnet-lstm, lapgan, videogan-1s, videogan-2s, videogan-2s-cond, crossconv");
        }
        return 0;
    }

    private void trainSvg(SvgKind svgKind) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(SvgConfig.defaults(svgKind).metadata());
        Map<String, String> sets = new LinkedHashMap<>(overrides);
        int batch = Integer.parseInt(sets.getOrDefault("batch_size", "100").trim());
        sets.remove("batch_size");
        meta.put("nf", "64");
        applyOverrides(meta, sets, Set.of("format", "format_version", "model"));
        if (meta.containsKey("last_frame_skip") && sets.containsKey("last_frame_skip") && !sets.containsKey("skip")) {
            meta.remove("skip");
        }
        SvgConfig config = SvgConfig.fromMetadata(meta);
        int window = config.nPast() + config.nFuture();
        ClipSource clips = Datasets.open(data == null ? "smmnist" : data, Datasets.Split.TRAIN, seed,
                frameOption(data, window));
        try (Backend b = Backends.open(backend);
             SvgRun.Result r = SvgRun.train(b, config, clips, batch, steps, checkpointEvery, out, seed, resume,
                     log())) {
            if (finished(r.run())) {
                Path file = out.resolve("model.safetensors");
                SvgFiles.save(r.model(), file);
                report(r.run(), file);
            }
        }
    }

    private void trainDfn(boolean baseline) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(DfnConfig.defaults().withBaseline(baseline).toMetadata());
        meta.put("seed", Long.toString(seed));
        applyOverrides(meta, overrides, Set.of("baseline"));
        DfnConfig config = DfnConfig.fromMetadata(meta);
        ClipSource clips = Datasets.open(data == null ? "mmnist" : data, Datasets.Split.TRAIN, config.seed(),
                frameOption(data, config.sequenceLength()));
        try (Backend b = Backends.open(backend)) {
            DfnTrainer.Result r = DfnTrainer.train(b, config, clips, steps, checkpointEvery, out, resume,
                    log());
            try (var model = r.model()) {
                if (finished(r.run())) {
                    Path file = out.resolve("model.safetensors");
                    model.save(file);
                    report(r.run(), file);
                }
            }
        }
    }

    private void trainDrnet() throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(io.nextframe.models.drnet.DrnetConfig.preset(preset).metadata());
        meta.putIfAbsent("nf", "64");       // written to files only when it differs from the authors' 64
        applyOverrides(meta, overrides, Set.of("format", "format_version", "model"));
        var config = io.nextframe.models.drnet.DrnetConfig.fromMetadata(meta);
        ClipSource clips = Datasets.open(data == null ? "drnet-mmnist" : data, Datasets.Split.TRAIN, seed,
                frameOption(data, config.maxStep()));
        try (Backend b = Backends.open(backend);
             var r = io.nextframe.models.drnet.DrnetRun.train(b, config, clips, steps, checkpointEvery, out, seed,
                     resume, log())) {
            if (finished(r.run())) {
                Path file = out.resolve("model.safetensors");
                io.nextframe.models.drnet.DrnetFiles.save(r.model(), file);
                report(r.run(), file);
            }
        }
    }

    private void trainDrnetLstm() throws IOException {
        if (from == null) {
            throw new UsageException("train drnet-lstm: --from <trained drnet model file> is required");
        }
        try (Backend b = Backends.open(backend);
             var drnet = io.nextframe.models.drnet.DrnetFiles.loadDrnet(from, b)) {
            Map<String, String> meta = new LinkedHashMap<>(
                    io.nextframe.models.drnet.DrnetLstmConfig.code(drnet.config()).metadata());
            applyOverrides(meta, overrides, Set.of("format", "format_version", "model"));
            var config = io.nextframe.models.drnet.DrnetLstmConfig.fromMetadata(meta);
            ClipSource clips = Datasets.open(data == null ? "drnet-mmnist" : data, Datasets.Split.TRAIN, seed,
                    frameOption(data, config.nPast() + config.nFuture()));
            try (var r = io.nextframe.models.drnet.DrnetLstmRun.train(b, config, drnet, clips, steps,
                    checkpointEvery, out, seed, resume, log())) {
                if (finished(r.run())) {
                    Path file = out.resolve("model.safetensors");
                    io.nextframe.models.drnet.DrnetFiles.save(r.model(), file);
                    report(r.run(), file);
                }
            }
        }
    }

    /**
     * LAPGAN on the bundled MNIST training digits but their last {@link LapganEvaluation#VALIDATION_DIGITS} (held out
     * for eval's Parzen σ): the 28-px reference configuration, changed with --set (keys of the file
     * metadata, plus batch_size and lr), trained on the shared loop (LapganRun): checkpoints, --resume, losses.csv
     * with the discriminators' and each level's losses.
     */
    private void trainLapgan() throws IOException {
        if (data != null && !data.equalsIgnoreCase("mnist")) {
            throw new UsageException("train lapgan: --data " + data + ": only the bundled 'mnist' digits are "
                    + "supported");
        }
        Map<String, String> sets = new LinkedHashMap<>(overrides);
        int batch;
        double lr;
        LapganConfig config;
        String resampler;
        // a bad --set is the user's input, so a usage error (exit 2) naming the key
        try {
            batch = Integer.parseInt(sets.getOrDefault("batch_size", "100").trim());
            lr = Double.parseDouble(sets.getOrDefault("lr", "0.0002").trim());
            sets.remove("batch_size");
            sets.remove("lr");
            Map<String, String> meta = new LinkedHashMap<>(LapganFiles.metadata(LapganConfig.mnist28(),
                    LapganFiles.BLOCK_MEAN_BILINEAR));
            applyOverrides(meta, sets, Set.of("format", "format_version", "model", "channels"));
            config = LapganFiles.config(meta);
            resampler = meta.get("resampler");
            LapganFiles.resampler(resampler);
        } catch (IllegalArgumentException e) {
            throw new UsageException("train lapgan: " + e.getMessage());
        }
        // the last TRAIN digits stay unseen: eval tunes the Parzen σ on them (CONTRACTS §8)
        var digits = LapganEvaluation.fitDigits(Mnist.bundled(Mnist.Split.TRAIN).digits(config.side()));
        try (Backend b = Backends.open(backend);
             LapganRun.Result r = LapganRun.train(b, config, resampler, digits, batch, steps, lr, seed,
                     checkpointEvery, out, resume, log())) {
            if (finished(r.run())) {
                Path file = out.resolve("model.safetensors");
                LapganFiles.save(r.model(), resampler, file);
                report(r.run(), file);
            }
        }
    }

    /**
     * A video GAN (WGAN-GP) on a clip dataset (default mmnist, resized to --set size): the 16-px, 8-frame
     * configuration, changed with --set (file metadata keys plus batch_size, lr, n_critic, and mse_weight for
     * videogan-2s-cond, the photo-conditioned model whose middle frame is trained to match the photo), trained on
     * the shared loop (VideoGanRun): checkpoints, --resume, losses.csv with the critic's columns.
     */
    private void trainVideoGan(String k) throws IOException {
        Map<String, String> sets = new LinkedHashMap<>(overrides);
        int batch;
        float mseWeight;
        VideoGanConfig config;
        WganTrainer.Settings settings;
        try {
            mseWeight = Float.parseFloat(sets.getOrDefault("mse_weight", "10").trim());
            sets.remove("mse_weight");
            batch = Integer.parseInt(sets.getOrDefault("batch_size", "16").trim());
            WganTrainer.Settings gp = WganTrainer.Settings.gp();
            double lr = Double.parseDouble(sets.getOrDefault("lr", Double.toString(gp.lr())).trim());
            int nCritic = Integer.parseInt(sets.getOrDefault("n_critic", Integer.toString(gp.nCritic())).trim());
            settings = new WganTrainer.Settings(gp.variant(), lr, gp.beta1(), gp.beta2(), nCritic, gp.lambda(),
                    gp.clipBound(), gp.maskL1());
            sets.remove("batch_size");
            sets.remove("lr");
            sets.remove("n_critic");
            Map<String, String> meta = new LinkedHashMap<>(VideoGanFiles.metadata(k, VideoGanConfig.small(1)));
            applyOverrides(meta, sets, Set.of("format", "format_version", "model"));
            config = VideoGanFiles.config(meta);
        } catch (IllegalArgumentException e) {
            throw new UsageException("train " + k + ": " + e.getMessage());
        }
        ClipSource clips = Datasets.open(data == null ? "mmnist" : data, Datasets.Split.TRAIN, seed,
                frameOption(data, config.frames()));
        Path file = out.resolve("model.safetensors");
        if (k.equals(VideoGanFiles.TWO_STREAM_CONDITIONAL)) {
            try (Backend b = Backends.open(backend);
                 VideoGanRun.ConditionalResult r = VideoGanRun.trainConditional(b, config, clips, batch, steps,
                         settings, mseWeight, seed, checkpointEvery, out, resume, log())) {
                if (finished(r.run())) {
                    VideoGanFiles.saveConditional(r.model(), file);
                    report(r.run(), file);
                }
            }
            return;
        }
        try (Backend b = Backends.open(backend);
             VideoGanRun.Result r = VideoGanRun.train(b, k, config, clips, batch, steps, settings, seed,
                     checkpointEvery, out, resume, log())) {
            if (finished(r.run())) {
                VideoGanFiles.save(k, r.generator(), r.critic(), file);
                report(r.run(), file);
            }
        }
    }

    /**
     * The Cross Convolutional Network (or, with {@code --set ablation=ae}, its autoencoder ablation) on frame
     * pairs: Shapes at the configuration's input size by default. {@code --preset} picks the sizes (code: the
     * reference configuration; small: sized for a 2-core CPU; tiny: tests); {@code --set} takes the file's
     * metadata keys ({@link io.nextframe.models.crossconv.CrossConvSettings}). The finished run stores the z means
     * of bank_size training pairs in the model file.
     */
    private void trainCrossConv() throws IOException {
        io.nextframe.models.crossconv.CrossConvSettings settings;
        try {
            var config = switch (preset.toLowerCase(Locale.ROOT)) {
                case "code" -> io.nextframe.models.crossconv.CrossConvConfig.defaults();
                case "small" -> io.nextframe.models.crossconv.CrossConvConfig.small();
                case "tiny" -> io.nextframe.models.crossconv.CrossConvConfig.tiny();
                default -> throw new IllegalArgumentException("--preset " + preset + ": crossconv presets are code, "
                        + "small, tiny");
            };
            Map<String, String> meta = new LinkedHashMap<>(io.nextframe.models.crossconv.CrossConvSettings.of(config,
                    io.nextframe.models.crossconv.CrossConvTrainer.Mode.CVAE).metadata());
            applyOverrides(meta, overrides, Set.of("z_size"));
            meta.remove("z_size");      // derived: recomputed from the (possibly overridden) sizes
            settings = io.nextframe.models.crossconv.CrossConvSettings.fromMetadata(meta);
        } catch (IllegalArgumentException e) {
            throw new UsageException("train crossconv: " + e.getMessage());
        }
        String dataName = data == null ? "shapes" : data;
        int side = settings.config().inputSize();
        ClipSource clips = dataName.toLowerCase(Locale.ROOT).endsWith(".npy")
                ? Datasets.open(dataName, Datasets.Split.TRAIN, seed)
                : Datasets.open(dataName, Datasets.Split.TRAIN, seed, dataName.equalsIgnoreCase("shapes")
                ? Map.of("size", Integer.toString(side)) : Map.of("frames", "2"));
        try (Backend b = Backends.open(backend);
             var r = io.nextframe.models.crossconv.CrossConvRun.train(b, settings, clips, steps, checkpointEvery,
                     out, seed, resume, log())) {
            if (finished(r.run())) {
                Path file = out.resolve("model.safetensors");
                Map<String, String> provenance = new LinkedHashMap<>();
                provenance.put("data", dataName);
                provenance.put("train_seed", Long.toString(seed));
                io.nextframe.models.crossconv.CrossConvFiles.save(r.net(), settings, r.bank(), provenance, file);
                report(r.run(), file);
            }
        }
    }

    private static Map<String, String> frameOption(String data, int frames) {
        return data != null && data.toLowerCase(Locale.ROOT).endsWith(".npy") ? Map.of()
                : Map.of("frames", Integer.toString(frames));
    }

    static void applyOverrides(Map<String, String> meta, Map<String, String> sets, Set<String> fixed) {
        for (var e : sets.entrySet()) {
            if (fixed.contains(e.getKey()) || !meta.containsKey(e.getKey())) {
                var known = new java.util.TreeSet<>(meta.keySet());
                known.removeAll(fixed);
                throw new IllegalArgumentException("--set " + e.getKey() + ": not a settable key of this kind; known: "
                        + known);
            }
            meta.put(e.getKey(), e.getValue());
        }
    }

    /** False when a stop request (Ctrl-C) ended the run early: the checkpoint holds it, no model file is written. */
    private boolean finished(TrainLoop.Result r) {
        if (r.lastStep() < steps) {
            log().printf(Locale.ROOT, "stopped at step %d of %d; continue with the same command and --resume%n",
                    r.lastStep(), steps);
            if (json) {
                System.out.println(JsonOut.write(java.util.Map.of("kind", kind, "stopped_at", r.lastStep(),
                        "steps", steps, "out", out.toString())));
            }
            return false;
        }
        return true;
    }

    private void report(TrainLoop.Result r, Path file) {
        done(r.firstStep(), r.lastStep(), r.stepsPerSecond(), file);
    }

    /** Where progress lines go: stdout, stderr when stdout carries the JSON summary, nowhere with --quiet. */
    private java.io.PrintStream log() {
        if (quiet) {
            return new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        }
        return json ? System.err : System.out;
    }

    private void done(long first, long last, double stepsPerSecond, Path file) {
        if (json) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", kind);
            m.put("first_step", first);
            m.put("last_step", last);
            m.put("steps_per_second", stepsPerSecond);
            m.put("model", file.toString());
            m.put("out", out.toString());
            System.out.println(JsonOut.write(m));
        } else {
            System.out.printf(Locale.ROOT, "trained steps %d..%d at %.3f steps/s; model written to %s%n", first, last,
                    stepsPerSecond, file);
        }
    }
}
