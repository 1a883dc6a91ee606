package io.nextframe.tools;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nextframe} command line. Exit codes: 0 ok, 1 runtime failure, 2 usage error. */
@Command(name = "nextframe", mixinStandardHelpOptions = true, version = "nextframe 0.1.0",
        description = "Generative video and image models on the JVM (Vector API and OpenCL backends).",
        subcommands = {BackendsCommand.class, DemoCommand.class, TrainCommand.class, PredictCommand.class, DatasetCommand.class, EvalCommand.class, ModelsCommand.class, InspectCommand.class, ConvertCommand.class, CompletionCommand.class, BenchCommand.class, SampleCommand.class, AnalyzeCommand.class, ExperimentCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Inherited by every verb: on errors, print the stack trace too (as -Dnextframe.debug=true does). */
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
        System.exit(run(args));
    }

    /** Runs the CLI without exiting the JVM (tests call this). */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new Main());
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
