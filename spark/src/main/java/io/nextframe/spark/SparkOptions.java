package io.nextframe.spark;

import io.nextframe.tools.UsageException;
import picocli.CommandLine.Option;

/** The options every Spark verb adds to its single-machine twin. */
final class SparkOptions {
    @Option(names = "--master", description = "Spark master URL (default: spark-submit's, else local[*])")
    String master;

    @Option(names = "--partitions", description = "partitions of the clip list (default: the cluster's default "
            + "parallelism, at most one per clip; train: one per configuration)")
    Integer partitions;

    @Option(names = "--on-error", description = "fail | skip: whether a bad clip (train: a failed run) makes the "
            + "exit status 1 (default ${DEFAULT-VALUE}); either way the rest finish and the table names the failures")
    String onError = "fail";

    @Option(names = "--table", description = "the output Parquet table (default: results.parquet in a --out "
            + "directory, <out>.parquet beside a --out file, <json>.parquet beside an eval --json, sweep.parquet in "
            + "a train --out)")
    String table;

    /** Test-only: the first attempt of the task holding this clip fails after writing it (Spark retries it). */
    @Option(names = "--fail-once", hidden = true)
    String failOnce;

    void check() {
        if (!onError.equals("fail") && !onError.equals("skip")) {
            throw new UsageException("--on-error '" + onError + "': expected fail or skip");
        }
        if (partitions != null && partitions < 1) {
            throw new UsageException("--partitions " + partitions + " must be ≥ 1");
        }
    }

    int partitions(int clips, int defaultParallelism) {
        int n = partitions != null ? partitions : defaultParallelism;
        return Math.max(1, Math.min(n, clips));
    }
}
