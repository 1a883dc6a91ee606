package io.nextframe.spark;

import io.nextframe.tools.UsageException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code nextframe spark …}: the prediction and evaluation verbs on Apache Spark (docs/SCALE-OUT.md). The same main
 * class serves {@code ./nextframe spark} (local mode from the build) and {@code spark-submit --class
 * io.nextframe.spark.SparkMain nextframe-spark-app.jar …} on a cluster. Exit codes: 0 ok, 1 failure (or a bad
 * clip without {@code --on-error skip}), 2 usage error.
 */
@Command(name = "nextframe spark", mixinStandardHelpOptions = true, version = "nextframe-spark 0.1.0",
        description = "Run nextframe's predict, eval and training sweeps on Apache Spark (local mode or a cluster).",
        subcommands = {SparkPredictCommand.class, SparkEvalCommand.class, SparkTrainCommand.class,
                CommandLine.HelpCommand.class})
public final class SparkMain implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-v", "--verbose"}, scope = CommandLine.ScopeType.INHERIT,
            description = "on errors, print the full stack trace")
    void verbose(boolean on) {
        if (on) {
            System.setProperty("nextframe.debug", "true");
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int code = run(args);
        System.exit(code);
    }

    /** Runs a verb without exiting the JVM (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new SparkMain());
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            System.err.println("error: " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            if (Boolean.getBoolean("nextframe.debug")) {
                ex.printStackTrace();
            }
            return ex instanceof UsageException ? 2 : 1;
        });
        return cl.execute(args);
    }
}
