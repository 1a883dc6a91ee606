package io.nextframe.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import java.io.IOException;
import java.util.List;

/** The parts the Spark verbs share: the session, running the clip tasks, the output table, the error policy. */
final class SparkJob {
    private SparkJob() {
    }

    /**
     * A session on {@code master}; null keeps what {@code spark-submit} configured ({@code spark.master}), else
     * {@code local[*]}. Local mode runs without the web UI (no port to collide with in tests and scripts). An
     * application that already holds a session (a test, a notebook that calls {@link SparkMain#run}) keeps it:
     * {@link Session#close} then leaves it running.
     */
    static Session session(String master, String appName) {
        if (SparkSession.getDefaultSession().isDefined()) {
            return new Session(SparkSession.getDefaultSession().get(), false);
        }
        SparkSession.Builder b = SparkSession.builder().appName(appName);
        String m = master != null ? master : System.getProperty("spark.master") == null ? "local[*]" : null;
        if (m != null) {
            b.master(m);
        }
        String effective = m != null ? m : System.getProperty("spark.master");
        if (effective.startsWith("local") && System.getProperty("spark.ui.enabled") == null) {
            b.config("spark.ui.enabled", "false");
        }
        SparkSession s = b.getOrCreate();
        s.sparkContext().setLogLevel("WARN");
        return new Session(s, true);
    }

    /** A session and whether this verb started it (and so stops it). */
    static final class Session implements AutoCloseable {
        final SparkSession spark;
        private final boolean owned;

        Session(SparkSession spark, boolean owned) {
            this.spark = spark;
            this.owned = owned;
        }

        @Override
        public void close() {
            if (owned) {
                spark.stop();
            }
        }
    }

    /** Runs the tasks; the results stay persisted, since the table and the reductions both read them. */
    static JavaRDD<ClipResult> run(JavaRDD<ClipRef> clips, ClipTask task) {
        JavaRDD<ClipResult> r = clips.mapPartitions(task);
        r.persist(StorageLevel.MEMORY_AND_DISK());
        return r;
    }

    /** The per-clip table ({@link ResultTable}) of the cached results, in clip order. */
    static void writeTable(SparkSession spark, JavaRDD<ClipResult> results, List<String> metricNames, String table,
                           boolean overwrite) throws IOException {
        List<ResultTable.Row> rows = results.map(ResultTable.Row::new).collect();
        ResultTable.write(spark.sparkContext().hadoopConfiguration(), rows, metricNames, table, overwrite);
    }

    /** The failed clips as "id: error", in clip order. */
    static List<String> errors(JavaRDD<ClipResult> results) {
        return results.filter(r -> r.error != null).map(r -> r.id + ": " + r.error).collect();
    }

    /**
     * Prints the failed clips (or runs: {@code noun}); the exit status is 1 when any failed, unless {@code --on-error skip}.
     */
    static int finish(List<String> errors, String onError, int clips, String noun) {
        if (errors.isEmpty()) {
            return 0;
        }
        System.err.println((onError.equals("skip") ? "skipped: " : "error: ") + errors.size() + " of " + clips
                + " " + noun + (clips == 1 ? "" : "s") + " failed (--on-error " + onError + "; the table's error column "
                + "names each):");
        errors.stream().limit(20).forEach(e -> System.err.println("  " + e));
        if (errors.size() > 20) {
            System.err.println("  … " + (errors.size() - 20) + " more");
        }
        return onError.equals("skip") ? 0 : 1;
    }
}
