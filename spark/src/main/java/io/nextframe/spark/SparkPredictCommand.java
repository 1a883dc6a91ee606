package io.nextframe.spark;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyType;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictOptions;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;
import io.nextframe.models.svg.SvgModel;
import io.nextframe.tools.Choices;
import io.nextframe.tools.JsonOut;
import io.nextframe.tools.PredictionGif;
import io.nextframe.tools.UsageException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;

/**
 * {@code nextframe spark predict}: {@code nextframe predict}'s options and output files, computed by Spark tasks,
 * plus a Parquet table with one row per clip. A clip's prediction depends only on the run seed and its id
 * ({@link io.nextframe.models.api.ClipSeeds}), so the files are identical for any partitioning and executor.
 */
@Command(name = "predict", description = "Predict future frames of many clips on Spark (options of `nextframe "
        + "predict` plus --master, --partitions, --on-error, --table).",
        footer = {"", "Examples:",
                "  nextframe spark predict --input clips/ --out preds/ --partitions 8",
                "  nextframe spark predict --input 'archive/**.gif' --out preds/ --format both --master spark://h:7077",
                "  nextframe spark predict --input clips.parquet --out preds/ --on-error skip"})
final class SparkPredictCommand implements Callable<Integer> {

    @Option(names = "--model", description = "model file (.safetensors) or built-in name (default ${DEFAULT-VALUE})")
    String model = "svg-lp-smmnist";

    @Option(names = "--input", required = true, description = ".npy, .gif, a folder of frames, a folder of clips, "
            + "a glob ('dir/**.npy') or a Parquet table (clip_id: string, npy: binary)")
    String input;

    @Option(names = "--out", required = true, description = ".npy or .gif for one input; a directory for many")
    Path out;

    @Option(names = "--past", description = "context frames (default: the model's training context)")
    Integer past;

    @Option(names = "--future", description = "frames to predict (default: the model's training horizon)")
    Integer future;

    @Option(names = "--position", description = "videogan-2s-cond: the photo's frame index in the generated clip")
    Integer position;

    @Option(names = "--samples", description = "samples per clip (default ${DEFAULT-VALUE})")
    int samples = 1;

    @Option(names = "--latent", description = "sample | mean (default ${DEFAULT-VALUE}); mean is deterministic")
    String latent = "sample";

    @Option(names = "--seed", description = "run seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--backend", description = "backend on each executor, or auto: an OpenCL GPU where the "
            + "executor has one, else simd (default ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--format", description = "for a directory --out: npy | gif | both (default ${DEFAULT-VALUE})")
    String format = "npy";

    @Option(names = "--layout", description = ".npy axis letters, e.g. TNHW or THWC (default: by rank)")
    String layout;

    @Option(names = "--convert", description = "convert RGB ↔ grey to the model's channels")
    boolean convert;

    @Option(names = "--resize", description = "resize frames to the model's size")
    boolean resize;

    @Option(names = "--bn", description = "SVG BatchNorm at generation: running | batch (default ${DEFAULT-VALUE})")
    String bn = "running";

    @Option(names = "--batch", description = "clips predicted together in one pass over the weights (default "
            + "${DEFAULT-VALUE}); a clip's output depends on its seed and this size only, not on the partitioning")
    int batch = 1;

    @Option(names = "--overwrite", description = "replace existing output files")
    boolean overwrite;

    @Option(names = "--json", description = "print a JSON summary instead of progress lines")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @Mixin
    SparkOptions spark = new SparkOptions();

    /** The rows of a table input (counted from the ids the driver checks, without reading the clips). */
    private int tableClipCount;

    @Override
    public Integer call() throws IOException {
        Latent mode = Choices.latent(latent);
        SvgModel.BatchStats stats = Choices.batchStats(bn);
        Choices.batch(batch, stats);
        spark.check();
        if (!List.of("npy", "gif", "both").contains(format)) {
            throw new UsageException("--format '" + format + "': expected npy, gif or both");
        }
        if (samples < 1) {
            throw new UsageException("--samples " + samples + " must be ≥ 1");
        }
        // The model is resolved and loaded here, before Spark starts: a missing or broken file fails the job
        // before any task runs, naming the file.
        Path modelFile = Predictors.resolve(model);
        ModelFacts facts;
        try (Backend b = Backends.open("reference");
             Predictor p = Predictors.load(modelFile, b, new Predictors.OpenOptions(stats))) {
            facts = new ModelFacts(p);
        }
        if (position != null) {
            // the same check the executors make, before any task; a usage error as in `nextframe predict`
            try {
                new ModelSpec(model, null, "reference", stats, position).open().close();
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        int pp = past == null ? facts.trainedPast : past;
        int ff = future == null ? facts.trainedFuture : future;
        new PredictOptions(pp, ff, samples, seed, mode);
        FrameOptions frames = new FrameOptions(facts.channels, convert, facts.height, facts.width, resize);
        ClipInputPlan plan = ClipInputPlan.of(input, layout);
        String table = spark.table != null ? spark.table : defaultTable(plan);
        Path staging = (plan.single ? out.toAbsolutePath().getParent() : out.toAbsolutePath())
                .resolve(".nextframe-spark-" + UUID.randomUUID());
        List<Batch> batches = plan(plan, staging);
        if (!overwrite && Files.exists(Path.of(table))) {
            throw new UsageException("output table " + table + " exists; pass --overwrite to replace it");
        }

        long sessionStart = System.nanoTime();
        SparkJob.Session handle = SparkJob.session(spark.master, "nextframe spark predict");
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
            ModelSpec spec = new ModelSpec(model, shipped, backend, stats, position);
            ClipReader reader = new ClipReader(frames, layout, 0, Map.of());
            JavaRDD<ClipRef> refs;
            int clips;
            if (plan.table != null) {
                refs = tableClips(session, plan.table);
                clips = tableClipCount;
                if (spark.partitions != null) {
                    refs = refs.repartition(spark.partitions);
                }
            } else {
                List<ClipRef> all = plan.clips();
                clips = all.size();
                refs = jsc.parallelize(all, spark.partitions(clips, jsc.defaultParallelism()));
            }
            JavaRDD<ClipResult> results = SparkJob.run(refs, new ClipTask(spec, reader, pp, ff, samples, seed, mode,
                    batch, false, spark.failOnce));
            results.count();   // runs the tasks (the results stay cached for the table and the error list)
            double taskSeconds = (System.nanoTime() - start) / 1e9;
            SparkJob.writeTable(session, results, List.of(), table, overwrite);
            double tableSeconds = (System.nanoTime() - start) / 1e9 - taskSeconds;
            List<String> errors = SparkJob.errors(results);
            Set<String> failed = new HashSet<>();
            errors.forEach(e -> failed.add(e.substring(0, e.indexOf(": "))));
            for (Batch b : batches) {
                b.assemble(failed, reader, facts, pp, ff);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int partitions = refs.getNumPartitions();
            if (json) {
                Map<String, Object> top = new LinkedHashMap<>();
                top.put("model", facts.kind);
                top.put("model_file", modelFile.toString());
                top.put("backend", backend);
                top.put("past", pp);
                top.put("future", ff);
                top.put("samples", samples);
                top.put("latent", mode.name().toLowerCase(Locale.ROOT));
                top.put("seed", seed);
                top.put("batch", batch);
                top.put("master", session.sparkContext().master());
                top.put("partitions", partitions);
                top.put("clips", clips);
                top.put("failed", errors.size());
                top.put("table", table);
                top.put("seconds", seconds);
                top.put("task_seconds", taskSeconds);
                top.put("table_seconds", tableSeconds);
                top.put("session_seconds", sessionSeconds);
                System.out.println(JsonOut.write(top));
            } else if (!quiet) {
                System.out.printf(Locale.ROOT, "predicted %d clip%s (%s, %d → %d frames, %d sample%s) in %.2f s on "
                                + "Spark %s (session start %.1f s), %d partition%s; table %s%n", clips - errors.size(),
                        clips == 1 ? "" : "s", facts.kind, pp, ff, samples, samples == 1 ? "" : "s", seconds,
                        session.sparkContext().master(), sessionSeconds, partitions, partitions == 1 ? "" : "s",
                        table);
            }
            results.unpersist(false);
            return SparkJob.finish(errors, spark.onError, clips, "clip");
        } finally {
            deleteTree(staging);
            handle.close();
        }
    }

    private String defaultTable(ClipInputPlan plan) {
        if (!plan.single) {
            return out.resolve("results.parquet").toString();
        }
        String name = out.getFileName().toString();
        return out.resolveSibling(ClipInputPlan.stem(name) + ".parquet").toString();
    }

    /**
     * Decides every output path and refuses existing ones before any compute, as {@code nextframe predict} does;
     * a batch file's clips are told where to leave their part of its single output file.
     */
    private List<Batch> plan(ClipInputPlan plan, Path staging) throws IOException {
        List<Batch> batches = new ArrayList<>();
        List<Path> targets = new ArrayList<>();
        if (plan.single) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean npy = name.endsWith(".npy");
            boolean gif = name.endsWith(".gif");
            if (!npy && !gif) {
                throw new UsageException("--out " + out + ": for one input give a .npy or .gif file");
            }
            ClipInputPlan.Group g = plan.groups.getFirst();
            assign(g, npy ? out : null, gif ? out : null, staging.resolve("0"), batches);
            targets.add(out);
        } else {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new UsageException("--out " + out + ": many inputs need a directory, and this is a file");
            }
            for (int i = 0; i < plan.groups.size(); i++) {
                ClipInputPlan.Group g = plan.groups.get(i);
                String base = g.id.replace("/", "__");
                Path npy = format.equals("gif") ? null : out.resolve(base + ".npy");
                Path gif = format.equals("npy") ? null : out.resolve(base + ".gif");
                assign(g, npy, gif, staging.resolve(Integer.toString(i)), batches);
                if (npy != null) {
                    targets.add(npy);
                }
                if (gif != null) {
                    targets.add(gif);
                }
            }
        }
        for (Path p : targets) {
            if (Files.exists(p) && !overwrite) {
                throw new UsageException("output " + p + " exists; pass --overwrite to replace it");
            }
        }
        Files.createDirectories(plan.single ? out.toAbsolutePath().getParent() : out);
        return batches;
    }

    private void assign(ClipInputPlan.Group g, Path npy, Path gif, Path parts, List<Batch> batches) {
        if (!g.batch) {
            g.clips.getFirst().outputs(str(npy), str(gif), null);
            return;
        }
        for (ClipRef c : g.clips) {
            c.outputs(null, null, parts.resolve(c.index + ".f32").toString());
        }
        batches.add(new Batch(g, npy, gif, parts));
    }

    private static String str(Path p) {
        return p == null ? null : p.toAbsolutePath().toString();
    }

    /** A Parquet table's rows as clips; outputs go to {@code --out/<clip_id, '/' → '__'>.npy|.gif}. */
    private JavaRDD<ClipRef> tableClips(SparkSession session, String table) throws IOException {
        Dataset<Row> df = session.read().parquet(table);
        List<String> cols = List.of(df.columns());
        if (!cols.contains("clip_id") || !cols.contains("npy")) {
            throw new UsageException("--input " + table + ": a clip table needs columns clip_id (string) and npy "
                    + "(binary, an .npy file's bytes); it has " + cols);
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + ": a table input needs a directory, and this is a file");
        }
        Files.createDirectories(out);
        List<String> ids = df.select("clip_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList();
        tableClipCount = ids.size();
        Set<String> seen = new HashSet<>();
        for (String id : ids) {
            if (id == null || !seen.add(id)) {
                throw new UsageException("--input " + table + ": clip_id " + (id == null ? "null" : "'" + id
                        + "' repeated") + "; every row needs its own id (it names the output file)");
            }
            String base = id.replace("/", "__");
            for (String ext : List.of(".npy", ".gif")) {
                Path p = out.resolve(base + ext);
                boolean wanted = ext.equals(".npy") ? !format.equals("gif") : !format.equals("npy");
                if (wanted && Files.exists(p) && !overwrite) {
                    throw new UsageException("output " + p + " exists; pass --overwrite to replace it");
                }
            }
        }
        String dir = out.toAbsolutePath().toString();
        String fmt = format;
        return df.select("clip_id", "npy").javaRDD().map(row -> {
            String id = row.getString(0);
            String base = dir + "/" + id.replace("/", "__");
            return new ClipRef(ClipRef.Kind.NPY_BYTES, id, null, -1, row.isNullAt(1) ? null : (byte[]) row.get(1))
                    .outputs(fmt.equals("gif") ? null : base + ".npy", fmt.equals("npy") ? null : base + ".gif", null);
        });
    }

    /** What the driver needs to know of the model. */
    static final class ModelFacts {
        final String kind;
        final int channels;
        final int height;
        final int width;
        final int trainedPast;
        final int trainedFuture;
        final boolean stochastic;

        ModelFacts(Predictor p) {
            kind = p.kind();
            channels = p.channels();
            height = p.height();
            width = p.width();
            trainedPast = p.trainedPast();
            trainedFuture = p.trainedFuture();
            stochastic = p.stochastic();
        }
    }

    /** A batch .npy input: its clips' parts become one output file once every clip succeeded. */
    private final class Batch {
        final ClipInputPlan.Group group;
        final Path npy;
        final Path gif;
        final Path parts;

        Batch(ClipInputPlan.Group group, Path npy, Path gif, Path parts) {
            this.group = group;
            this.npy = npy;
            this.gif = gif;
            this.parts = parts;
        }

        void assemble(Set<String> failed, ClipReader reader, ModelFacts m, int pp, int ff) throws IOException {
            for (ClipRef c : group.clips) {
                if (failed.contains(c.id)) {
                    System.err.println("not written: " + (npy != null ? npy : gif) + " (clip " + c.id
                            + " of that batch file failed)");
                    return;
                }
            }
            int n = group.clips.size();
            int per = samples * ff * m.channels * m.height * m.width;
            float[] all = new float[Math.multiplyExact(n, per)];
            for (int i = 0; i < n; i++) {
                byte[] raw = Files.readAllBytes(Path.of(group.clips.get(i).part));
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(all, i * per, per);
            }
            int[] shape = {n, samples, ff, m.channels, m.height, m.width};
            if (npy != null) {
                Npy.write(npy, shape, all, NpyType.FLOAT32);
            }
            if (gif != null) {
                List<Clip> clips = new ArrayList<>();
                for (ClipRef c : group.clips) {
                    clips.add(reader.read(c));
                }
                PredictionGif.write(gif, clips, all, samples, pp, ff, m.stochastic ? samples : 1);
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
