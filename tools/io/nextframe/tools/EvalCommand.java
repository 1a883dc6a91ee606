package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipConversion;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.models.api.ClipBatches;
import io.nextframe.models.api.ClipSeeds;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictOptions;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;
import io.nextframe.models.eval.EvalAccumulator;
import io.nextframe.models.eval.EvalReport;
import io.nextframe.models.eval.EvalResult;
import io.nextframe.models.eval.FrameMetric;
import io.nextframe.models.eval.FrameShape;
import io.nextframe.models.eval.MetricPlot;
import io.nextframe.models.eval.MetricSummary;
import io.nextframe.models.lapgan.LapganEvaluation;
import io.nextframe.models.lapgan.LapganFiles;
import io.nextframe.models.svg.SvgModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code nextframe eval}: scores a model's predictions on a fixed held-out set (the test split of a generated
 * dataset, or a .npy file) per predicted time step, with the mean and 95% interval over sequences. Video models
 * report best-of-K SSIM and PSNR (SVG's protocol) and mean MSE; DFN models also BCE per pixel and per frame. A
 * LAPGAN file gets the thesis's Table 4.1 estimates instead (Parzen log-likelihood, single- and multi-scale).
 */
@Command(name = "eval", description = "Evaluate a model on held-out clips: metrics per time step, JSON and PNG plot.",
        footer = {"", "Examples:",
                "  nextframe eval --model svg-lp-smmnist --data smmnist --sequences 100 --future 20 --samples 20 \\",
                "                 --json svg-lp.json --plot svg-lp.png",
                "  nextframe eval --model dfn-mmnist --data mmnist --sequences 200 --json dfn.json",
                "  nextframe eval --model runs/lapgan/model.safetensors --sequences 1000 --samples 10000",
                "  nextframe eval --model runs/crossconv/model.safetensors --data shapes --sequences 500 \\",
                "                 --samples 100 --baseline runs/ae/model.safetensors --json fig5.json"})
final class EvalCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model file or built-in name (default ${DEFAULT-VALUE})")
    String model = "svg-lp-smmnist";

    @Option(names = "--data", description = "dataset name (its test split) or a .npy file (default: the model's)")
    String data;

    @Option(names = "--layout", description = ".npy axis letters (default: by rank)")
    String layout;

    @Option(names = "--sequences", description = "held-out clips (default ${DEFAULT-VALUE})")
    int sequences = 100;

    @Option(names = "--past", description = "context frames (default: the model's training context)")
    Integer past;

    @Option(names = "--future", description = "predicted frames scored (default: the training horizon)")
    Integer future;

    @Option(names = "--samples", description = "samples per clip, best-of-K (default 1); lapgan: generated samples "
            + "in the Parzen window (default 1000)")
    Integer samplesOption;

    /** --samples as given, or its default for the model kind. */
    private int samples;

    @Option(names = "--per-point", description = "lapgan: generated samples per test digit and level for the "
            + "multi-scale Parzen estimate (default ${DEFAULT-VALUE})")
    int perPoint = 100;

    @Option(names = "--latent", description = "sample | mean (default ${DEFAULT-VALUE})")
    String latent = "sample";

    @Option(names = "--seed", description = "run seed for the samples (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data-seed", description = "generator seed of the held-out set (default ${DEFAULT-VALUE})")
    long dataSeed;

    @Option(names = "--bn", description = "SVG BatchNorm at generation: running | batch (default ${DEFAULT-VALUE})")
    String bn = "running";

    @Option(names = "--backend", description = "backend name or auto (default ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--json", description = "write the result JSON here (CONTRACTS §5)")
    Path json;

    @Option(names = "--plot", description = "write metric-per-step curves here (.png)")
    Path plot;

    @Option(names = "--compare", paramLabel = "LABEL=FILE.json",
            description = "plot earlier eval results beside this one, repeatable (e.g. --compare svg-det=det.json)")
    Map<String, Path> compare = new java.util.LinkedHashMap<>();

    @Option(names = "--report", description = "write a self-contained HTML report (table, plot, sample GIF)")
    Path report;

    @Option(names = "--report-clips", description = "clips shown in the report's GIF (default ${DEFAULT-VALUE})")
    int reportClips = 4;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines")
    boolean quiet;

    @Option(names = "--baseline", paramLabel = "FILE", description = "crossconv: another crossconv model file "
            + "(e.g. the AE ablation) scored on the same pairs as a further row, repeatable")
    List<Path> baselines = new java.util.ArrayList<>();

    @Option(names = "--flow-pairs", description = "crossconv: training pairs the Flow baseline searches "
            + "(default ${DEFAULT-VALUE}; 0: no Flow row)")
    int flowPairs = 2000;

    @Option(names = "--batch", description = "clips predicted together in one pass over the weights (default "
            + "${DEFAULT-VALUE}); a clip's prediction depends on its seed and this size only")
    int batch = 1;

    @Option(names = "--bootstrap", description = "crossconv: bootstrap resamples of the test pairs for the 95% "
            + "intervals (default ${DEFAULT-VALUE})")
    int bootstrap = 200;

    @Override
    public Integer call() throws IOException {
        Latent mode = Choices.latent(latent);
        SvgModel.BatchStats stats = Choices.batchStats(bn);
        if (sequences < 1 || (samplesOption != null && samplesOption < 1)) {
            throw new UsageException("--sequences " + sequences + " and --samples " + samplesOption
                    + " must be ≥ 1");
        }
        Choices.batch(batch, stats);
        if (report != null && reportClips < 1) {
            throw new UsageException("--report-clips " + reportClips + " must be ≥ 1");
        }
        if (plot != null && !plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new UsageException("--plot " + plot + ": expected a .png file");
        }
        if (!compare.isEmpty() && plot == null) {
            throw new UsageException("--compare needs --plot (it adds curves to the plot)");
        }
        Path modelFile = Predictors.resolve(model);
        boolean lapgan = "lapgan".equals(Predictors.kindOf(modelFile));
        samples = samplesOption != null ? samplesOption : lapgan ? 1000 : 1;
        if (lapgan) {
            return evalLapgan(modelFile);
        }
        if (Predictors.kindOf(modelFile).equals(io.nextframe.models.crossconv.CrossConvFiles.KIND)) {
            return evalCrossConv(modelFile);
        }
        if (!baselines.isEmpty() || flowPairs != 2000 || bootstrap != 200) {
            throw new UsageException("--baseline, --flow-pairs and --bootstrap apply to crossconv models (the "
                    + "velocity-distribution test)");
        }
        Map<String, EvalResult> earlier = new java.util.LinkedHashMap<>();
        for (var e : compare.entrySet()) {
            earlier.put(e.getKey(), io.nextframe.models.eval.EvalResultJson.read(e.getValue()));
        }
        try (Backend b = Backends.open(backend);
             Predictor p = Predictors.load(modelFile, b, new Predictors.OpenOptions(stats))) {
            int pp = past == null ? p.trainedPast() : past;
            int ff = future == null ? p.trainedFuture() : future;
            new PredictOptions(pp, ff, samples, seed, mode);
            String dataName = data != null ? data : p.kind().startsWith("dfn") ? "mmnist" : "smmnist";
            ClipSource src = dataName.toLowerCase(Locale.ROOT).endsWith(".npy")
                    ? Datasets.open(dataName, Datasets.Split.TEST, dataSeed, layout == null ? Map.of()
                    : Map.of("layout", layout))
                    : Datasets.open(dataName, Datasets.Split.TEST, dataSeed,
                    Map.of("frames", Integer.toString(pp + ff)));
            if (src.frames() < pp + ff) {
                throw new UsageException("--data " + dataName + ": clips of " + src.frames() + " frames; --past " + pp
                        + " + --future " + ff + " need " + (pp + ff));
            }
            if (src.size() < sequences) {
                throw new UsageException("--data " + dataName + " holds " + src.size() + " clips, fewer than "
                        + "--sequences " + sequences);
            }
            FrameOptions conv = new FrameOptions(p.channels(), false, p.height(), p.width(), false);
            List<FrameMetric> metrics = p.kind().startsWith("dfn") ? FrameMetric.all() : FrameMetric.videoDefaults();
            FrameShape shape = new FrameShape(p.channels(), p.height(), p.width());
            EvalAccumulator acc = new EvalAccumulator(shape, ff, samples, metrics);
            long start = System.nanoTime();
            int shown = Math.min(reportClips, sequences);
            java.util.List<Clip> shownClips = new java.util.ArrayList<>();
            float[] shownPred = null;
            PredictOptions options = new PredictOptions(pp, ff, samples, seed, mode);
            for (int from = 0; from < sequences; from += batch) {
                int to = Math.min(sequences, from + batch);
                List<Clip> clips = new java.util.ArrayList<>();
                long[] seeds = new long[to - from];
                for (int i = from; i < to; i++) {
                    clips.add(ClipConversion.apply(src.clip(i), conv, dataName + "#" + i));
                    seeds[i - from] = ClipSeeds.of(seed, dataName + "#" + i);
                }
                List<float[]> preds = ClipBatches.predict(p, clips, options, seeds, batch);
                for (int i = from; i < to; i++) {
                    Clip clip = clips.get(i - from);
                    float[] pred = preds.get(i - from);
                    float[] truth = Arrays.copyOfRange(clip.data(), pp * clip.frameSize(),
                            (pp + ff) * clip.frameSize());
                    acc.addSequence(truth, pred);
                    if (report != null && i < shown) {
                        shownClips.add(clip);
                        if (shownPred == null) {
                            shownPred = new float[shown * pred.length];
                        }
                        System.arraycopy(pred, 0, shownPred, i * pred.length, pred.length);
                    }
                    if (!quiet && ((i + 1) % 10 == 0 || i + 1 == sequences)) {
                        double el = (System.nanoTime() - start) / 1e9;
                        System.err.printf(Locale.ROOT, "[%d/%d] %.1f s elapsed, eta %.0f s%n", i + 1, sequences, el,
                                el / (i + 1) * (sequences - i - 1));
                    }
                }
            }
            EvalResult r = acc.result(p.kind(), dataName, pp, seed);
            if (json != null) {
                byte[] text = (r.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
                io.nextframe.data.AtomicFiles.write(json, o -> o.write(text));
            }
            if (plot != null) {
                List<String> names = metrics.stream().map(FrameMetric::name)
                        .filter(n -> !n.equals("bce_frame")).toList();
                Map<String, EvalResult> all = new java.util.LinkedHashMap<>();
                all.put(p.kind(), r);
                all.putAll(earlier);
                MetricPlot.write(plot, all, names, ff > p.trainedFuture() ? p.trainedFuture() : 0);
            }
            if (report != null) {
                writeReport(r, modelFile, b.name(), metrics, shownClips, shownPred, pp, ff, p);
            }
            System.out.println(json == null ? r.toJson() : summary(r));
        }
        return 0;
    }

    /**
     * A LAPGAN file: the Table 4.1 estimates on MNIST ({@link LapganEvaluation}) — single-scale and multi-scale
     * Parzen log-likelihood of the first --sequences TEST digits, σ tuned on as many of the TRAIN digits that
     * {@code train lapgan} holds out — printed as the thesis's table; --json writes {@code parzen_ll} and
     * {@code parzen_ll_multiscale}.
     */
    private int evalLapgan(Path modelFile) throws IOException {
        if (data != null && !data.equalsIgnoreCase("mnist")) {
            throw new UsageException("eval: a lapgan model is evaluated on the bundled 'mnist' digits, not --data "
                    + data);
        }
        if (plot != null || report != null || !compare.isEmpty() || past != null || future != null) {
            throw new UsageException("eval: --plot, --report, --compare, --past and --future apply to frame "
                    + "predictors, not to a lapgan model (its metrics are single numbers)");
        }
        if (perPoint < 1) {
            throw new UsageException("--per-point " + perPoint + " must be ≥ 1");
        }
        int validation = Math.min(sequences, LapganEvaluation.VALIDATION_DIGITS);
        try (Backend b = Backends.open(backend); LapganFiles.Loaded m = LapganFiles.load(modelFile, b)) {
            int side = m.model().config().side();
            var test = io.nextframe.data.mnist.Mnist.bundled(io.nextframe.data.mnist.Mnist.Split.TEST).digits(side);
            if (sequences > test.size()) {
                throw new UsageException("--sequences " + sequences + ": the bundled TEST split holds " + test.size()
                        + " digits");
            }
            var train = io.nextframe.data.mnist.Mnist.bundled(io.nextframe.data.mnist.Mnist.Split.TRAIN).digits(side);
            if (!quiet) {
                System.err.printf(Locale.ROOT, "lapgan: %d samples, %d test and %d validation digits, %d samples per "
                        + "point and level%n", samples, sequences, validation, perPoint);
            }
            LapganEvaluation.Result r = LapganEvaluation.run(m.model(), train, test,
                    new LapganEvaluation.Settings(sequences, validation, samples, perPoint, seed));
            EvalResult result = new EvalResult("lapgan", "mnist", sequences, 0, 0, samples, seed, Map.of())
                    .with("parzen_ll", LapganEvaluation.summary(r.singleScale()))
                    .with("parzen_ll_multiscale", LapganEvaluation.summary(r.multiScale()));
            if (json != null) {
                byte[] text = (result.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
                io.nextframe.data.AtomicFiles.write(json, o -> o.write(text));
            }
            System.out.print(r.table());
            System.out.printf(Locale.ROOT, "σ single-scale %s; multi-scale per level (finest first) %s%n",
                    Arrays.toString(r.singleScale().sigmas()), Arrays.toString(r.multiScale().sigmas()));
            System.out.printf(Locale.ROOT, "nearest training digit to the first %d samples: L2 distance ≥ %.3f "
                    + "(0 would be a copy)%n", Math.min(samples, 64), r.minNearestDistance());
        }
        return 0;
    }

    /**
     * The Cross Convolutional Network's test (the paper's Fig. 5): velocity-distribution KLs of sampled next frames
     * on {@code --sequences} held-out Shapes pairs × {@code --samples} samples, beside the --baseline files, the
     * Flow baseline and the estimator's floor; the table on stdout, the contract JSON with --json.
     */
    private int evalCrossConv(Path modelFile) throws IOException {
        for (var unused : new Object[][] {{"--past", past}, {"--future", future}, {"--plot", plot},
            {"--report", report}, {"--layout", layout}}) {
            if (unused[1] != null) {
                throw new UsageException(unused[0] + " does not apply to a crossconv model (its test predicts one "
                        + "next frame per held-out pair)");
            }
        }
        if (flowPairs < 0 || bootstrap < 0) {
            throw new UsageException("--flow-pairs " + flowPairs + " and --bootstrap " + bootstrap + " must be ≥ 0");
        }
        if (data != null && !data.equalsIgnoreCase("shapes")) {
            throw new UsageException("--data " + data + ": the velocity-distribution test needs the Shapes "
                    + "generator's true motions and masks; use --data shapes");
        }
        java.io.PrintStream log = quiet ? new java.io.PrintStream(java.io.OutputStream.nullOutputStream())
                : System.err;
        List<io.nextframe.models.crossconv.CrossConvFiles.Loaded> open = new java.util.ArrayList<>();
        try (Backend b = Backends.open(backend)) {
            List<io.nextframe.models.crossconv.CrossConvEvaluation.Entry> entries = new java.util.ArrayList<>();
            List<Path> files = new java.util.ArrayList<>(List.of(modelFile));
            files.addAll(baselines);
            for (Path f : files) {
                var m = io.nextframe.models.crossconv.CrossConvFiles.load(f, b);
                open.add(m);
                boolean ae = m.settings().mode() == io.nextframe.models.crossconv.CrossConvTrainer.Mode.AE;
                String label = (ae ? "AE" : "Cross Convolutional Network")
                        + (f == modelFile ? "" : " [" + f.getFileName() + "]");
                entries.add(new io.nextframe.models.crossconv.CrossConvEvaluation.Entry(label, m));
            }
            int side = open.getFirst().net().config().inputSize();
            Map<String, String> size = Map.of("size", Integer.toString(side));
            var test = (io.nextframe.data.shapes.Shapes) Datasets.open("shapes", Datasets.Split.TEST, dataSeed, size);
            long trainSeed;
            try {
                trainSeed = Long.parseLong(open.getFirst().metadata().getOrDefault("train_seed", "1").trim());
            } catch (NumberFormatException e) {
                throw new UsageException(modelFile + ": metadata 'train_seed' = '"
                        + open.getFirst().metadata().get("train_seed") + "' is not an integer");
            }
            var train = (io.nextframe.data.shapes.Shapes) Datasets.open("shapes", Datasets.Split.TRAIN, trainSeed,
                    size);
            int flow = Math.min(flowPairs, open.getFirst().settings().trainPairs());
            var setup = new io.nextframe.models.crossconv.CrossConvEvaluation.Setup(test, sequences, samples, seed,
                    train, flow, bootstrap);
            var rows = io.nextframe.models.crossconv.CrossConvEvaluation.run(entries, setup, log);
            System.out.printf(Locale.ROOT, "velocity-distribution KL, D_KL(p_gt ‖ p_model) in nats: %d held-out "
                    + "Shapes pairs × %d samples = %d per histogram, 41×41 bins over [−5, 5]² px at 64², "
                    + "ε = 1e-6%n", sequences, samples, (long) sequences * samples);
            System.out.print(io.nextframe.models.crossconv.CrossConvEvaluation.table(rows));
            List<Object> latents = new java.util.ArrayList<>();
            for (var e : entries) {
                var ls = io.nextframe.models.crossconv.CrossConvEvaluation.latentStatistics(e.model());
                if (ls == null) {
                    continue;
                }
                int stored = e.model().bank().size();
                System.out.printf(Locale.ROOT, "%s: latent statistics of %d stored training z means: %d non-zero "
                        + "z_mean dimensions (|z| > %.0e) of %d, %d PCA components for 95%% of the variance%n",
                        e.label(), stored, ls.nonZero(), io.nextframe.models.crossconv.CrossConvEvaluation.NON_ZERO,
                        e.model().net().config().zSize(), ls.components95());
                Map<String, Object> l = new java.util.LinkedHashMap<>();
                l.put("model", e.label());
                l.put("pairs", stored);
                l.put("z_size", e.model().net().config().zSize());
                l.put("non_zero_z_mean", ls.nonZero());
                l.put("pca_components_95", ls.components95());
                latents.add(l);
            }
            if (json != null) {
                Map<String, Object> doc = crossConvJson(rows, flow);
                doc.put("latent_statistics", latents);
                byte[] text = (JsonOut.write(doc) + "\n").getBytes(StandardCharsets.UTF_8);
                io.nextframe.data.AtomicFiles.write(json, o -> o.write(text));
            }
        } finally {
            open.forEach(io.nextframe.models.crossconv.CrossConvFiles.Loaded::close);
        }
        return 0;
    }

    /** CONTRACTS §5's eval JSON (metrics of the first row, the model's own), plus every row of the table. */
    private Map<String, Object> crossConvJson(List<io.nextframe.models.crossconv.CrossConvEvaluation.Row> rows,
                                              int flow) {
        Map<String, Object> top = new java.util.LinkedHashMap<>();
        top.put("model", io.nextframe.models.crossconv.CrossConvFiles.KIND);
        top.put("dataset", "shapes");
        top.put("sequences", sequences);
        top.put("past", 1);
        top.put("future", 1);
        top.put("samples", samples);
        top.put("seed", seed);
        top.put("metrics", crossConvMetrics(rows.getFirst()));
        top.put("z_source", rows.getFirst().zSource());
        top.put("histogram", Map.of("bins", 41, "range", 5.0, "epsilon", 1e-6, "entries",
                (long) sequences * samples));
        top.put("flow_pairs", flow);
        top.put("bootstrap", bootstrap);
        List<Object> table = new java.util.ArrayList<>();
        for (var r : rows) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("method", r.method());
            row.put("metrics", crossConvMetrics(r));
            row.put("skipped_shapes", r.skipped());
            table.add(row);
        }
        top.put("table", table);
        return top;
    }

    private static Map<String, Object> crossConvMetrics(io.nextframe.models.crossconv.CrossConvEvaluation.Row r) {
        String[] names = {"circles", "squares", "triangles", "circles_triangles"};
        double[] kl = {r.kl().circles(), r.kl().squares(), r.kl().triangles(), r.kl().circlesTriangles()};
        double[] lo = {r.low().circles(), r.low().squares(), r.low().triangles(), r.low().circlesTriangles()};
        double[] hi = {r.high().circles(), r.high().squares(), r.high().triangles(), r.high().circlesTriangles()};
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            Map<String, Object> v = new java.util.LinkedHashMap<>();
            v.put("per_step", new double[] {kl[i]});
            v.put("mean", kl[i]);
            v.put("ci95", new double[] {lo[i], hi[i]});
            m.put("velocity_kl_" + names[i], v);
        }
        return m;
    }

    private void writeReport(EvalResult r, Path modelFile, String backendName, List<FrameMetric> metrics,
                             List<Clip> clips, float[] pred, int pp, int ff, Predictor p) throws IOException {
        Path tmpDir = Files.createTempDirectory("nextframe-report");
        try {
            Path png = tmpDir.resolve("plot.png");
            Path gif = tmpDir.resolve("samples.gif");
            List<String> names = metrics.stream().map(FrameMetric::name).filter(n -> !n.equals("bce_frame")).toList();
            MetricPlot.write(png, Map.of(p.kind(), r), names, ff > p.trainedFuture() ? p.trainedFuture() : 0);
            PredictionGif.write(gif, clips, pred, samples, pp, ff, p.stochastic() ? Math.min(samples, 3) : 1);
            EvalReport.write(report, r, modelFile.toString(), backendName, List.of(
                    new EvalReport.Figure("metrics per predicted step (mean, 95% interval)", "image/png",
                            Files.readAllBytes(png)),
                    new EvalReport.Figure("first " + clips.size() + " held-out clips: truth and samples "
                            + "(green border: context, red: predicted)", "image/gif", Files.readAllBytes(gif))));
        } finally {
            try (var s = Files.list(tmpDir)) {
                for (Path f : s.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(tmpDir);
        }
    }

    private static String summary(EvalResult r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s on %s: %d sequences, %d → %d frames, %d samples%n", r.model(),
                r.dataset(), r.sequences(), r.past(), r.future(), r.samples()));
        for (Map.Entry<String, MetricSummary> e : r.metrics().entrySet()) {
            MetricSummary s = e.getValue();
            double[] ps = s.perStep();
            sb.append(String.format(Locale.ROOT, "  %-10s mean %.4f  [%.4f, %.4f]  first step %.4f  last step %.4f%n",
                    e.getKey(), s.mean(), s.ciLow(), s.ciHigh(), ps[0], ps[ps.length - 1]));
        }
        return sb.toString().stripTrailing();
    }
}
