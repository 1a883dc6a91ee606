package io.nextframe.spark;

import io.nextframe.models.train.LossLog;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function;
import picocli.CommandLine;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One configuration of a sweep, trained by one Spark task with the single-machine {@code train} verb in the
 * executor's JVM, into its own run directory on the shared output location. The verb writes every checkpoint
 * atomically, and a retried task adds {@code --resume}, so it continues exactly from the last checkpoint (exact
 * resume, CONTRACTS §3) instead of starting over or leaving a half-written run.
 */
final class TrainRun implements Function<LinkedHashMap<String, String>, TrainRun.Result> {
    @Serial
    private static final long serialVersionUID = 1L;

    /** What one configuration gave: its run directory, final losses, or the error. Plain class (Kryo). */
    static final class Result implements Serializable {
        @Serial
        private static final long serialVersionUID = 1L;

        final LinkedHashMap<String, String> config;
        final String out;
        final String model;
        final long lastStep;
        final double finalLoss;
        final double seconds;
        /** The loss CSV's extra columns at the last step, by name. */
        final LinkedHashMap<String, Double> extras;
        final String error;

        Result(LinkedHashMap<String, String> config, String out, String model, long lastStep, double finalLoss,
               double seconds, LinkedHashMap<String, Double> extras, String error) {
            this.config = config;
            this.out = out;
            this.model = model;
            this.lastStep = lastStep;
            this.finalLoss = finalLoss;
            this.seconds = seconds;
            this.extras = extras;
            this.error = error;
        }
    }

    /** The train arguments without --out, --seed and the swept keys. */
    private final ArrayList<String> base;
    private final String root;
    private final String failOnce;

    TrainRun(List<String> base, String root, String failOnce) {
        this.base = new ArrayList<>(base);
        this.root = root;
        this.failOnce = failOnce;
    }

    @Override
    public Result call(LinkedHashMap<String, String> config) throws Exception {
        String name = Sweep.name(config);
        Path out = Path.of(root, name);
        List<String> args = new ArrayList<>(base);
        for (Map.Entry<String, String> e : config.entrySet()) {
            switch (e.getKey()) {
                case "seed" -> args.addAll(List.of("--seed", e.getValue()));
                case "steps" -> args.addAll(List.of("--steps", e.getValue()));
                default -> args.addAll(List.of("--set", e.getKey() + "=" + e.getValue()));
            }
        }
        args.addAll(List.of("--out", out.toString(), "-q"));
        TaskContext ctx = TaskContext.get();
        boolean retry = ctx != null && ctx.attemptNumber() > 0;
        if (retry && Files.isDirectory(out) && !args.contains("--resume")) {
            args.add("--resume");
        }
        if (System.getProperty("nextframe.threads") == null) {
            System.setProperty("nextframe.threads", "1");   // one backend thread per task, as for predict
        }
        Throwable[] failure = new Throwable[1];
        CommandLine cl = new CommandLine(new io.nextframe.tools.Main());
        cl.setOut(new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()));
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            failure[0] = ex;
            return 1;
        });
        cl.setParameterExceptionHandler((ex, a) -> {
            failure[0] = ex;
            return 2;
        });
        List<String> full = new ArrayList<>(List.of("train"));
        full.addAll(args);
        int code = cl.execute(full.toArray(String[]::new));
        if (name.equals(failOnce) && !retry) {
            throw new IllegalStateException("injected failure after training " + name + " (--fail-once, a test "
                    + "option): Spark retries this task");
        }
        if (code != 0) {
            String m = failure[0] == null ? "train exited with " + code : failure[0].getMessage() == null
                    ? failure[0].toString() : failure[0].getMessage();
            return new Result(config, out.toString(), null, -1, Double.NaN, Double.NaN, new LinkedHashMap<>(), m);
        }
        Path csv = out.resolve(LossLog.FILE);
        List<LossLog.Row> rows = Files.exists(csv) ? LossLog.read(csv) : List.of();
        LinkedHashMap<String, Double> extras = new LinkedHashMap<>();
        long step = -1;
        double loss = Double.NaN;
        double seconds = Double.NaN;
        if (!rows.isEmpty()) {
            LossLog.Row last = rows.getLast();
            List<String> cols = LossLog.readColumns(csv);
            for (int i = 0; i < cols.size(); i++) {
                extras.put(cols.get(i), last.extras().get(i));
            }
            step = last.step();
            loss = last.loss();
            seconds = last.seconds();
        }
        Path model = out.resolve("model.safetensors");
        return new Result(config, out.toString(), Files.exists(model) ? model.toString() : null, step, loss, seconds,
                extras, null);
    }
}
