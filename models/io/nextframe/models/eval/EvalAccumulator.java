package io.nextframe.models.eval;

import java.io.Serial;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Streams the frame metrics of an evaluation over test sequences: each {@link #addSequence} call scores the K
 * samples of one sequence against its ground truth and keeps only O(F) exact moments per metric, so nothing grows
 * with the number of sequences. Partial accumulators (one per thread or Spark partition) {@link #merge} into
 * exactly the numbers one pass would give, in any order (see {@link MetricAccumulator}).
 *
 * <p>The metric list is fixed at construction. Not thread-safe: use one accumulator per thread and merge.
 */
public final class EvalAccumulator implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final FrameShape shape;
    private final int future;
    private final int samples;
    private final transient List<FrameMetric> metrics;
    private final List<MetricAccumulator> accumulators = new ArrayList<>();

    /**
     * @param shape   the frame shape
     * @param future  predicted steps F per sequence
     * @param samples samples K per sequence
     * @param metrics the metrics, in the order they appear in the result
     */
    public EvalAccumulator(FrameShape shape, int future, int samples, List<FrameMetric> metrics) {
        if (future < 1 || samples < 1) {
            throw new IllegalArgumentException("EvalAccumulator: future and samples must be ≥ 1, got future "
                    + future + ", samples " + samples);
        }
        if (metrics.isEmpty()) {
            throw new IllegalArgumentException("EvalAccumulator: no metrics");
        }
        this.shape = shape;
        this.future = future;
        this.samples = samples;
        this.metrics = List.copyOf(metrics);
        for (FrameMetric m : this.metrics) {
            for (MetricAccumulator a : accumulators) {
                if (a.name().equals(m.name())) {
                    throw new IllegalArgumentException("EvalAccumulator: metric " + m.name() + " listed twice");
                }
            }
            accumulators.add(new MetricAccumulator(m.name(), m.direction(), m.selection(), future));
        }
    }

    /**
     * Adds one test sequence.
     *
     * @param truth      the F ground-truth frames (F, C, H, W), from {@code truthOffset}
     * @param prediction the K samples (K, F, C, H, W), from {@code predictionOffset}
     */
    public void addSequence(float[] truth, int truthOffset, float[] prediction, int predictionOffset) {
        long frames = (long) future * shape.size();
        if (truth == null || truthOffset < 0 || truthOffset + frames > truth.length) {
            throw new IllegalArgumentException("EvalAccumulator: ground truth needs " + future + " frames " + shape
                    + " from offset " + truthOffset + ", array holds " + (truth == null ? 0 : truth.length));
        }
        if (prediction == null || predictionOffset < 0 || predictionOffset + samples * frames > prediction.length) {
            throw new IllegalArgumentException("EvalAccumulator: prediction needs " + samples + " × " + future
                    + " frames " + shape + " from offset " + predictionOffset + ", array holds "
                    + (prediction == null ? 0 : prediction.length));
        }
        if (metrics == null) {
            throw new IllegalStateException("EvalAccumulator: a deserialised accumulator can merge, not score");
        }
        for (int m = 0; m < metrics.size(); m++) {
            double[][] scores = new double[samples][future];
            for (int k = 0; k < samples; k++) {
                for (int t = 0; t < future; t++) {
                    scores[k][t] = metrics.get(m).score(truth, truthOffset + t * shape.size(), prediction,
                            (int) (predictionOffset + k * frames + (long) t * shape.size()), shape);
                }
            }
            accumulators.get(m).add(scores);
        }
    }

    /** Adds one sequence held as whole arrays: truth (F, C, H, W), prediction (K, F, C, H, W). */
    public void addSequence(float[] truth, float[] prediction) {
        long frames = (long) future * shape.size();
        if (truth.length != frames || prediction.length != samples * frames) {
            throw new IllegalArgumentException("EvalAccumulator: expected truth of " + frames + " and prediction of "
                    + samples * frames + " values, got " + truth.length + " and " + prediction.length);
        }
        addSequence(truth, 0, prediction, 0);
    }

    public long sequences() {
        return accumulators.getFirst().sequences();
    }

    /** Folds another accumulator with the same shape, F, K and metrics into this one. */
    public void merge(EvalAccumulator other) {
        if (!shape.equals(other.shape) || future != other.future || samples != other.samples
                || accumulators.size() != other.accumulators.size()) {
            throw new IllegalArgumentException("EvalAccumulator.merge: configurations differ (" + shape + ", F "
                    + future + ", K " + samples + ", " + accumulators.size() + " metrics vs " + other.shape + ", F "
                    + other.future + ", K " + other.samples + ", " + other.accumulators.size() + " metrics)");
        }
        for (int m = 0; m < accumulators.size(); m++) {
            accumulators.get(m).merge(other.accumulators.get(m));
        }
    }

    /** The summaries by metric name, in construction order. */
    public Map<String, MetricSummary> summaries() {
        Map<String, MetricSummary> out = new LinkedHashMap<>();
        for (MetricAccumulator a : accumulators) {
            out.put(a.name(), a.summary());
        }
        return out;
    }

    /** The result record for the JSON of CONTRACTS.md §5. */
    public EvalResult result(String model, String dataset, int past, long seed) {
        return new EvalResult(model, dataset, sequences(), past, future, samples, seed, summaries());
    }
}
