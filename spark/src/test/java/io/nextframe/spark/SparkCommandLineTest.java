package io.nextframe.spark;

import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark verbs take exactly the single-machine verbs' options plus the Spark ones; the JVM flags are Spark's. */
class SparkCommandLineTest {
    static final Set<String> SPARK_ONLY = Set.of("--master", "--partitions", "--on-error", "--table", "--fail-once");
    /** eval options of the lapgan and crossconv evaluations, which spark eval leaves to `nextframe eval`. */
    static final Set<String> SINGLE_MACHINE_ONLY = Set.of("--per-point", "--baseline", "--flow-pairs", "--bootstrap");

    static Set<String> options(CommandLine cl) {
        Set<String> names = new TreeSet<>();
        cl.getCommandSpec().options().forEach(o -> names.addAll(List.of(o.names())));
        return names;
    }

    @Test
    void sparkVerbsHaveTheSingleMachineOptionsPlusTheSparkOnes() {
        CommandLine single = new CommandLine(new io.nextframe.tools.Main());
        CommandLine spark = new CommandLine(new SparkMain());
        for (String verb : List.of("predict", "eval")) {
            Set<String> expected = new TreeSet<>(options(single.getSubcommands().get(verb)));
            expected.removeAll(SINGLE_MACHINE_ONLY);
            expected.addAll(SPARK_ONLY);
            assertEquals(expected, options(spark.getSubcommands().get(verb)), verb);
        }
    }

    @Test
    void testsRunWithSparksOwnJvmFlags() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String flag : JavaModuleOptions.defaultModuleOptions().split(" ")) {
            assertTrue(args.contains(flag), "spark/pom.xml spark.jvm.flags lacks " + flag
                    + " (copy JavaModuleOptions.defaultModuleOptions() of the Spark version in use)");
        }
    }
}
