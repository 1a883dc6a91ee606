package io.nextframe.spark;

import io.nextframe.tools.JsonOut;
import io.nextframe.tools.UsageException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code nextframe spark train KIND … --sweep key=values …}: one training run per configuration of the sweep, each a
 * Spark task running the single-machine {@code train} verb into {@code --out/<configuration>/}; the final losses of
 * all runs are collected into one Parquet table ({@code --out/sweep.parquet}).
 */
@Command(name = "train", description = "Train one configuration per Spark task over a sweep of seeds or options "
        + "(options of `nextframe train` plus --sweep, --master, --partitions, --on-error, --table).",
        footer = {"", "Examples:",
                "  nextframe spark train svg-lp --data smmnist --steps 4000 --sweep seed=1..4 --out runs/svg-seeds",
                "  nextframe spark train dfn --steps 1200 --sweep seed=1..3 --sweep nf=16,32 --out runs/dfn-grid"})
final class SparkTrainCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "KIND", description = "the model kind (as `nextframe train`)")
    String kind;

    @Option(names = "--data", description = "dataset name or a .npy file; default per kind")
    String data;

    @Option(names = "--steps", required = true, description = "total optimizer steps of every run")
    long steps;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "config override of every run, repeatable")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--out", required = true, description = "the sweep's directory: one run directory per "
            + "configuration, on a file system every executor mounts")
    Path out;

    @Option(names = "--resume", description = "continue each run from its checkpoint if there is one")
    boolean resume;

    @Option(names = "--checkpoint-every", description = "steps between checkpoints (default ${DEFAULT-VALUE})")
    int checkpointEvery = 200;

    @Option(names = "--seed", description = "run seed when seed is not swept (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--backend", description = "backend on each executor, or auto (default ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--preset", description = "drnet: code | code-v1 | thesis; crossconv: code | small | tiny "
            + "(as `nextframe train`)")
    String preset;

    @Option(names = "--from", description = "drnet-lstm: the trained drnet model file whose encoders it uses")
    Path from;

    @Option(names = "--sweep", paramLabel = "KEY=VALUES", description = "key=v1,v2,… or key=a..b (integers); "
            + "repeatable, the cross product of all is trained; key seed sets --seed, steps --steps, others --set")
    List<String> sweep = new ArrayList<>();

    @Option(names = "--json", description = "print the runs as JSON on stdout")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors and the summary")
    boolean quiet;

    @Mixin
    SparkOptions spark = new SparkOptions();

    @Override
    public Integer call() throws IOException {
        spark.check();
        List<LinkedHashMap<String, String>> configs = Sweep.configurations(sweep);
        Set<String> swept = configs.getFirst().keySet();
        if (steps < 1) {
            throw new UsageException("--steps must be ≥ 1, got " + steps);
        }
        for (String k : swept) {
            if (overrides.containsKey(k)) {
                throw new UsageException("--sweep " + k + " and --set " + k + " both set " + k);
            }
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UsageException("--out " + out + ": a sweep needs a directory, and this is a file");
        }
        String table = spark.table != null ? spark.table : out.resolve("sweep.parquet").toString();
        List<String> base = new ArrayList<>(List.of(kind, "--steps", Long.toString(steps), "--checkpoint-every",
                Integer.toString(checkpointEvery), "--backend", backend));
        if (data != null) {
            base.addAll(List.of("--data", data));
        }
        if (!swept.contains("seed")) {
            base.addAll(List.of("--seed", Long.toString(seed)));
        }
        if (preset != null) {
            base.addAll(List.of("--preset", preset));
        }
        if (from != null) {
            base.addAll(List.of("--from", from.toAbsolutePath().toString()));
        }
        if (resume) {
            base.add("--resume");
        }
        overrides.forEach((k, v) -> base.addAll(List.of("--set", k + "=" + v)));
        Files.createDirectories(out);

        long sessionStart = System.nanoTime();
        try (SparkJob.Session handle = SparkJob.session(spark.master, "nextframe spark train")) {
            double sessionSeconds = (System.nanoTime() - sessionStart) / 1e9;
            long start = System.nanoTime();
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(handle.spark.sparkContext());
            int partitions = spark.partitions != null ? Math.min(spark.partitions, configs.size()) : configs.size();
            List<TrainRun.Result> results = jsc.parallelize(configs, partitions)
                    .map(new TrainRun(base, out.toAbsolutePath().toString(), spark.failOnce)).collect();
            writeTable(handle, results, swept, table);
            List<String> errors = new ArrayList<>();
            for (TrainRun.Result r : results) {
                if (r.error != null) {
                    errors.add(Sweep.name(r.config) + ": " + r.error);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (json) {
                List<Map<String, Object>> runs = new ArrayList<>();
                for (TrainRun.Result r : results) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("config", Sweep.name(r.config));
                    m.putAll(r.config);
                    m.put("out", r.out);
                    m.put("model", r.model);
                    m.put("last_step", r.lastStep);
                    m.put("final_loss", r.finalLoss);
                    m.putAll(r.extras);
                    m.put("error", r.error);
                    runs.add(m);
                }
                Map<String, Object> top = new LinkedHashMap<>();
                top.put("kind", kind);
                top.put("runs", runs);
                top.put("table", table);
                top.put("seconds", seconds);
                top.put("session_seconds", sessionSeconds);
                System.out.println(JsonOut.write(top));
            } else if (!quiet) {
                for (TrainRun.Result r : results) {
                    System.out.printf(Locale.ROOT, "%-28s %s%n", Sweep.name(r.config), r.error != null
                            ? "failed" : String.format(Locale.ROOT, "step %d  loss %.6g  %s", r.lastStep, r.finalLoss,
                            r.model));
                }
                System.out.printf(Locale.ROOT, "trained %d configuration%s in %.1f s on Spark %s; table %s%n",
                        results.size() - errors.size(), results.size() == 1 ? "" : "s", seconds,
                        handle.spark.sparkContext().master(), table);
            }
            return SparkJob.finish(errors, spark.onError, results.size(), "run");
        }
    }

    /** {@code config, <each swept key>, out, model, last_step, final_loss, <extra loss columns>, seconds, error}. */
    private static void writeTable(SparkJob.Session handle, List<TrainRun.Result> results, Set<String> swept,
                                   String table) {
        Set<String> extras = new LinkedHashSet<>();
        results.forEach(r -> extras.addAll(r.extras.keySet()));
        List<StructField> f = new ArrayList<>();
        f.add(DataTypes.createStructField("config", DataTypes.StringType, false));
        for (String k : swept) {
            f.add(DataTypes.createStructField(k, DataTypes.StringType, false));
        }
        f.add(DataTypes.createStructField("out", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("model", DataTypes.StringType, true));
        f.add(DataTypes.createStructField("last_step", DataTypes.LongType, true));
        f.add(DataTypes.createStructField("final_loss", DataTypes.DoubleType, true));
        for (String e : extras) {
            f.add(DataTypes.createStructField(e, DataTypes.DoubleType, true));
        }
        f.add(DataTypes.createStructField("seconds", DataTypes.DoubleType, true));
        f.add(DataTypes.createStructField("error", DataTypes.StringType, true));
        List<Row> rows = new ArrayList<>();
        for (TrainRun.Result r : results) {
            List<Object> v = new ArrayList<>();
            v.add(Sweep.name(r.config));
            for (String k : swept) {
                v.add(r.config.get(k));
            }
            v.add(r.out);
            v.add(r.model);
            v.add(r.error != null ? null : r.lastStep);
            v.add(r.error != null ? null : r.finalLoss);
            for (String e : extras) {
                v.add(r.extras.get(e));
            }
            v.add(r.error != null ? null : r.seconds);
            v.add(r.error);
            rows.add(RowFactory.create(v.toArray()));
        }
        handle.spark.createDataFrame(rows, DataTypes.createStructType(f)).coalesce(1).write()
                .mode(SaveMode.Overwrite).parquet(table);
    }
}
