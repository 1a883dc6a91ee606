package io.nextframe.spark;

import io.nextframe.models.eval.EvalAccumulator;

import java.io.Serial;
import java.io.Serializable;

/** What one clip's task produced: a row of the output table, and for eval the clip's exact metric moments. */
final class ClipResult implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    final String id;
    /** The written .npy (else .gif) file, or null. */
    final String path;
    /** The prediction's shape (K, F, C, H, W), or null when the clip failed. */
    final int[] shape;
    /** eval: the clip's mean over steps of each metric (result order), or null. */
    final double[] metrics;
    /** eval: this one sequence's accumulator, which Spark's reduction merges; null otherwise. */
    final EvalAccumulator accumulator;
    /** The named error of a bad clip, null when it succeeded. */
    final String error;

    ClipResult(String id, String path, int[] shape, double[] metrics, EvalAccumulator accumulator, String error) {
        this.id = id;
        this.path = path;
        this.shape = shape;
        this.metrics = metrics;
        this.accumulator = accumulator;
        this.error = error;
    }

    static ClipResult failed(String id, Throwable e) {
        String m = e.getMessage();
        return new ClipResult(id, null, null, null, null, m == null || m.isBlank() ? e.toString() : m);
    }
}
