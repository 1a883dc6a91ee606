package io.nextframe.spark;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.models.api.ClipSeeds;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictOptions;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;
import io.nextframe.models.eval.EvalAccumulator;
import io.nextframe.models.eval.EvalReport;
import io.nextframe.models.eval.EvalResult;
import io.nextframe.models.eval.EvalResultJson;
import io.nextframe.models.eval.FrameMetric;
import io.nextframe.models.eval.FrameShape;
import io.nextframe.models.eval.MetricPlot;
import io.nextframe.models.eval.MetricSummary;
import io.nextframe.models.svg.SvgModel;
import io.nextframe.tools.Choices;
import io.nextframe.tools.PredictionGif;
import io.nextframe.tools.UsageException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code nextframe spark eval}: {@code nextframe eval} with the predictions and the metric reductions done by Spark.
 * Each clip's K × F scores become exact moments ({@link EvalAccumulator}); Spark merges the partitions' moments,
 * and since those sums are exact the JSON equals the single-machine run's on the same data and seed, for any
 * partitioning. {@code --data} also takes a folder, glob or Parquet table of clips (scored on frames P … P+F−1).
 */
@Command(name = "eval", description = "Evaluate a model on held-out clips on Spark (options of `nextframe eval` "
        + "plus --master, --partitions, --on-error, --table).",
        footer = {"", "Examples:",
                "  nextframe spark eval --model svg-lp-smmnist --data smmnist --sequences 10000 --samples 100 \\",
                "                       --json svg-lp.json --master spark://host:7077",
                "  nextframe spark eval --model dfn-mmnist --data clips.parquet --json dfn.json --table dfn.parquet"})
final class SparkEvalCommand implements Callable<Integer> {
    @Option(names = "--model", description = "model file or built-in name (default ${DEFAULT-VALUE})")
    String model = "svg-lp-smmnist";

    @Option(names = "--data", description = "dataset name (its test split), a .npy file, or a folder, glob or "
            + "Parquet table of clips (default: the model's dataset)")
    String data;

    @Option(names = "--layout", description = ".npy axis letters (default: by rank)")
    String layout;

    @Option(names = "--sequences", description = "held-out clips (default 100 of a dataset or .npy file; every "
            + "clip of a folder, glob or table)")
    Integer sequences;

    @Option(names = "--past", description = "context frames (default: the model's training context)")
    Integer past;

    @Option(names = "--future", description = "predicted frames scored (default: the training horizon)")
    Integer future;

    @Option(names = "--samples", description = "samples per clip, best-of-K (default ${DEFAULT-VALUE})")
    int samples = 1;

    @Option(names = "--latent", description = "sample | mean (default ${DEFAULT-VALUE})")
    String latent = "sample";

    @Option(names = "--seed", description = "run seed for the samples (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--data-seed", description = "generator seed of the held-out set (default ${DEFAULT-VALUE})")
    long dataSeed;

    @Option(names = "--bn", description = "SVG BatchNorm at generation: running | batch (default ${DEFAULT-VALUE})")
    String bn = "running";

    @Option(names = "--batch", description = "clips predicted together in one pass over the weights (default "
            + "${DEFAULT-VALUE}); a clip's output depends on its seed and this size only, not on the partitioning")
    int batch = 1;

    @Option(names = "--backend", description = "backend on each executor, or auto (default ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--json", description = "write the result JSON here (CONTRACTS §5)")
    Path json;

    @Option(names = "--plot", description = "write metric-per-step curves here (.png)")
    Path plot;

    @Option(names = "--compare", paramLabel = "LABEL=FILE.json",
            description = "plot earlier eval results beside this one, repeatable")
    Map<String, Path> compare = new LinkedHashMap<>();

    @Option(names = "--report", description = "write a self-contained HTML report (table, plot, sample GIF)")
    Path report;

    @Option(names = "--report-clips", description = "clips shown in the report's GIF (default ${DEFAULT-VALUE})")
    int reportClips = 4;

    @Option(names = {"-q", "--quiet"}, description = "no progress lines")
    boolean quiet;

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() throws IOException {
        Latent mode = Choices.latent(latent);
        SvgModel.BatchStats stats = Choices.batchStats(bn);
        Choices.batch(batch, stats);
        spark.check();
        if ((sequences != null && sequences < 1) || samples < 1) {
            throw new UsageException("--sequences " + sequences + " and --samples " + samples + " must be ≥ 1");
        }
        if (report != null && reportClips < 1) {
            throw new UsageException("--report-clips " + reportClips + " must be ≥ 1");
        }
        if (plot != null && !plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new UsageException("--plot " + plot + ": expected a .png file");
        }
        if (!compare.isEmpty() && plot == null) {
            throw new UsageException("--compare needs --plot (it adds curves to the plot)");
        }
        Map<String, EvalResult> earlier = new LinkedHashMap<>();
        for (var e : compare.entrySet()) {
            earlier.put(e.getKey(), EvalResultJson.read(e.getValue()));
        }
        Path modelFile = Predictors.resolve(model);
        String kind = Predictors.kindOf(modelFile);
        if (kind.equals("lapgan") || kind.equals("crossconv")) {
            throw new UsageException("spark eval distributes frame predictors (svg, dfn, drnet-lstm, videogan-2s-cond);"
                    + " a " + kind + " model's evaluation (" + (kind.equals("lapgan") ? "Parzen log-likelihood"
                    : "velocity-distribution test") + ") runs with `nextframe eval`");
        }
        SparkPredictCommand.ModelFacts facts;
        try (Backend b = Backends.open("reference");
             Predictor p = Predictors.load(modelFile, b, new Predictors.OpenOptions(stats))) {
            facts = new SparkPredictCommand.ModelFacts(p);
        }
        int pp = past == null ? facts.trainedPast : past;
        int ff = future == null ? facts.trainedFuture : future;
        new PredictOptions(pp, ff, samples, seed, mode);
        String dataName = data != null ? data : facts.kind.startsWith("dfn") ? "mmnist" : "smmnist";
        FrameOptions conv = new FrameOptions(facts.channels, false, facts.height, facts.width, false);

        ClipInputPlan plan = null;
        List<ClipRef> refs = new ArrayList<>();
        Map<String, String> datasetOptions;
        if (isClipCollection(dataName)) {
            datasetOptions = Map.of();
            plan = ClipInputPlan.of(dataName, layout);
            if (plan.table == null) {
                refs.addAll(plan.clips());
                if (sequences != null) {
                    if (refs.size() < sequences) {
                        throw new UsageException("--data " + dataName + " holds " + refs.size() + " clips, fewer "
                                + "than --sequences " + sequences);
                    }
                    refs = new ArrayList<>(refs.subList(0, sequences));
                }
            }
        } else {
            int n = sequences == null ? 100 : sequences;
            datasetOptions = dataName.toLowerCase(Locale.ROOT).endsWith(".npy")
                    ? (layout == null ? Map.of() : Map.of("layout", layout))
                    : Map.of("frames", Integer.toString(pp + ff));
            ClipSource src = Datasets.open(dataName, Datasets.Split.TEST, dataSeed, datasetOptions);
            if (src.frames() < pp + ff) {
                throw new UsageException("--data " + dataName + ": clips of " + src.frames() + " frames; --past " + pp
                        + " + --future " + ff + " need " + (pp + ff));
            }
            if (src.size() < n) {
                throw new UsageException("--data " + dataName + " holds " + src.size() + " clips, fewer than "
                        + "--sequences " + n);
            }
            for (int i = 0; i < n; i++) {
                refs.add(new ClipRef(ClipRef.Kind.DATASET_ITEM, dataName + "#" + i, dataName, i, null));
            }
        }
        String table = spark.table != null ? spark.table : json != null
                ? json.resolveSibling(ClipInputPlan.stem(json.getFileName().toString()) + ".parquet").toString() : null;
        ClipReader reader = new ClipReader(conv, layout, dataSeed, datasetOptions);

        long sessionStart = System.nanoTime();
        SparkJob.Session handle = SparkJob.session(spark.master, "nextframe spark eval");
        try {
            SparkSession session = handle.spark;
            double sessionSeconds = (System.nanoTime() - sessionStart) / 1e9;
            long start = System.nanoTime();   // the job's time, session start excluded (reported apart)
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
            String shipped = null;
            if (Files.isRegularFile(Path.of(model))) {
                jsc.addFile(modelFile.toAbsolutePath().toString());
                shipped = modelFile.getFileName().toString();
            }
            ModelSpec spec = new ModelSpec(model, shipped, backend, stats, null);
            JavaRDD<ClipRef> clips;
            if (plan != null && plan.table != null) {
                clips = session.read().parquet(plan.table).select("clip_id", "npy").javaRDD().map(row ->
                        new ClipRef(ClipRef.Kind.NPY_BYTES, row.getString(0), null, -1,
                                row.isNullAt(1) ? null : (byte[]) row.get(1)));
                if (sequences != null) {
                    clips = jsc.parallelize(clips.take(sequences));
                }
                if (spark.partitions != null) {
                    clips = clips.repartition(spark.partitions);
                }
            } else {
                clips = jsc.parallelize(refs, spark.partitions(refs.size(), jsc.defaultParallelism()));
            }
            JavaRDD<ClipResult> results = SparkJob.run(clips, new ClipTask(spec, reader, pp, ff, samples, seed, mode,
                    batch, true, spark.failOnce));
            List<String> metricNames = (facts.kind.startsWith("dfn") ? FrameMetric.all()
                    : FrameMetric.videoDefaults()).stream().map(FrameMetric::name).toList();
            if (table != null) {
                SparkJob.writeTable(session, results, metricNames, table, true);
            }
            // Spark's reduction: each partition's sequences merged, then the partitions (exact sums: any order).
            // The zero is copied into every partition, so the cached per-clip accumulators are never modified.
            EvalAccumulator zero = new EvalAccumulator(new FrameShape(facts.channels, facts.height, facts.width), ff,
                    samples, facts.kind.startsWith("dfn") ? FrameMetric.all() : FrameMetric.videoDefaults());
            EvalAccumulator merged = results.filter(r -> r.accumulator != null).map(r -> r.accumulator)
                    .treeAggregate(zero, (a, b) -> {
                        a.merge(b);
                        return a;
                    }, (a, b) -> {
                        a.merge(b);
                        return a;
                    });
            List<String> errors = SparkJob.errors(results);
            if (merged.sequences() == 0) {
                SparkJob.finish(errors, "fail", errors.size(), "clip");
                throw new IllegalStateException("no clip could be evaluated (" + errors.size() + " failed)");
            }
            String datasetLabel = dataName;
            EvalResult r = merged.result(facts.kind, datasetLabel, pp, seed);
            if (json != null) {
                byte[] text = (r.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
                io.nextframe.data.AtomicFiles.write(json, o -> o.write(text));
            }
            if (plot != null) {
                List<String> names = metricNames.stream().filter(n -> !n.equals("bce_frame")).toList();
                Map<String, EvalResult> all = new LinkedHashMap<>();
                all.put(facts.kind, r);
                all.putAll(earlier);
                MetricPlot.write(plot, all, names, ff > facts.trainedFuture ? facts.trainedFuture : 0);
            }
            if (report != null) {
                writeReport(r, modelFile, spec, reader, clips.take(Math.min(reportClips, (int) r.sequences())),
                        metricNames, pp, ff, mode, facts);
            }
            if (!quiet) {
                System.err.printf(Locale.ROOT, "evaluated %d sequences in %.2f s on Spark %s (session start %.1f s)%n",
                        r.sequences(), (System.nanoTime() - start) / 1e9, session.sparkContext().master(),
                        sessionSeconds);
            }
            System.out.println(json == null ? r.toJson() : summary(r));
            results.unpersist(false);
            return SparkJob.finish(errors, spark.onError, (int) (r.sequences() + errors.size()), "clip");
        } finally {
            handle.close();
        }
    }

    /** A folder, glob, Parquet table or clip file other than a dataset's .npy (which eval reads as a dataset). */
    private static boolean isClipCollection(String data) throws IOException {
        if (ClipInputPlan.isGlob(data) || data.matches("[a-zA-Z][a-zA-Z0-9+.-]*://.*")) {
            return true;
        }
        Path p = Path.of(data);
        return Files.isDirectory(p) || ClipInputPlan.isTable(p) || ClipInputPlan.ext(p).equals("gif");
    }

    /** The single-machine report; its few sample clips are predicted again here, on the driver. */
    private void writeReport(EvalResult r, Path modelFile, ModelSpec spec, ClipReader reader, List<ClipRef> shown,
                             List<String> metricNames, int pp, int ff, Latent mode,
                             SparkPredictCommand.ModelFacts facts) throws IOException {
        List<Clip> clips = new ArrayList<>();
        float[] pred = null;
        String backendName;
        try (ModelSpec.Loaded m = spec.open()) {
            backendName = m.backend.name();
            for (int i = 0; i < shown.size(); i++) {
                Clip c = reader.read(shown.get(i));
                float[] y = m.predictor.predict(c, new PredictOptions(pp, ff, samples,
                        ClipSeeds.of(seed, shown.get(i).id), mode));
                if (pred == null) {
                    pred = new float[shown.size() * y.length];
                }
                System.arraycopy(y, 0, pred, i * y.length, y.length);
                clips.add(c);
            }
        }
        Path tmpDir = Files.createTempDirectory("nextframe-report");
        try {
            Path png = tmpDir.resolve("plot.png");
            Path gif = tmpDir.resolve("samples.gif");
            List<String> names = metricNames.stream().filter(n -> !n.equals("bce_frame")).toList();
            MetricPlot.write(png, Map.of(facts.kind, r), names, ff > facts.trainedFuture ? facts.trainedFuture : 0);
            PredictionGif.write(gif, clips, pred, samples, pp, ff, facts.stochastic ? Math.min(samples, 3) : 1);
            EvalReport.write(report, r, modelFile.toString(), backendName + " (Spark)", List.of(
                    new EvalReport.Figure("metrics per predicted step (mean, 95% interval)", "image/png",
                            Files.readAllBytes(png)),
                    new EvalReport.Figure("first " + clips.size() + " held-out clips: truth and samples "
                            + "(green border: context, red: predicted)", "image/gif", Files.readAllBytes(gif))));
        } finally {
            SparkPredictCommand.deleteTree(tmpDir);
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
