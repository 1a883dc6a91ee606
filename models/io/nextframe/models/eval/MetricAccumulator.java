package io.nextframe.models.eval;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Streams one metric over test sequences: each sequence contributes a K × F matrix of scores (K samples, F predicted
 * steps), reduced at once to F numbers by the {@link Selection} and then folded into exact per-step moments, so
 * memory is O(F) however many sequences pass through.
 *
 * <p><b>Determinism guarantee.</b> All sums are exact ({@link ExactMoments}): the summary is bitwise the same for
 * any order of {@link #add} calls and for any split of the sequences into accumulators that are {@link #merge
 * merged} in any order (e.g. Spark partitions). The reduction inside one sequence (mean over steps for the pick,
 * mean over samples for {@link Selection#MEAN}) is plain double arithmetic in index order, which is the same
 * wherever that sequence is processed.
 *
 * <p><b>Infinite scores</b> (PSNR of a perfect prediction) keep IEEE semantics, as the authors' numpy code: the
 * sample with +∞ mean wins best-of-K; a step whose scores include +∞ has mean +∞ and an undefined (NaN) interval,
 * and so does the overall mean. NaN scores are refused with an error naming the metric, since they mean broken
 * predictions.
 */
public final class MetricAccumulator implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final Direction direction;
    private final Selection selection;
    private final int steps;
    private final ExactMoments[] perStep;
    /** Over sequences of each sequence's mean score over its steps: the overall interval's spread. */
    private final ExactMoments perSequence = new ExactMoments();

    public MetricAccumulator(String name, Direction direction, Selection selection, int steps) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("MetricAccumulator: a metric needs a name");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("MetricAccumulator(" + name + "): steps must be ≥ 1, got " + steps);
        }
        this.name = name;
        this.direction = java.util.Objects.requireNonNull(direction, "direction");
        this.selection = java.util.Objects.requireNonNull(selection, "selection");
        this.steps = steps;
        this.perStep = new ExactMoments[steps];
        for (int t = 0; t < steps; t++) {
            perStep[t] = new ExactMoments();
        }
    }

    public String name() {
        return name;
    }

    public Direction direction() {
        return direction;
    }

    public Selection selection() {
        return selection;
    }

    public int steps() {
        return steps;
    }

    /** Sequences added so far (merged parts included). */
    public long sequences() {
        return perSequence.count();
    }

    /**
     * Adds one test sequence: {@code scores[k][t]} is sample k's score at predicted step t. Returns the per-step
     * scores that entered the statistics (the chosen sample's for {@link Selection#BEST}).
     */
    public double[] add(double[][] scores) {
        double[] reduced = reduce(scores);
        double stepSum = 0;
        for (int t = 0; t < steps; t++) {
            perStep[t].add(reduced[t], name + " at step " + t);
            stepSum += reduced[t];
        }
        perSequence.add(stepSum / steps, name);
        return reduced;
    }

    /** The index of the sample best-of-K picks: the best mean over steps, ties to the lowest index. */
    public int bestSample(double[][] scores) {
        checkScores(scores);
        int best = 0;
        double bestMean = meanOverSteps(scores[0], 0);
        for (int k = 1; k < scores.length; k++) {
            double m = meanOverSteps(scores[k], k);
            if (direction.better(m, bestMean)) {
                best = k;
                bestMean = m;
            }
        }
        return best;
    }

    private double[] reduce(double[][] scores) {
        if (selection == Selection.BEST) {
            return scores[bestSample(scores)].clone();
        }
        checkScores(scores);
        double[] mean = new double[steps];
        for (int t = 0; t < steps; t++) {
            double s = 0;
            for (double[] sample : scores) {
                s += sample[t];
            }
            mean[t] = s / scores.length;
        }
        return mean;
    }

    private double meanOverSteps(double[] sample, int k) {
        double s = 0;
        for (int t = 0; t < steps; t++) {
            if (Double.isNaN(sample[t])) {
                throw new IllegalArgumentException(name + ": sample " + k + " has a NaN score at step " + t);
            }
            s += sample[t];
        }
        return s / steps;
    }

    private void checkScores(double[][] scores) {
        if (scores == null || scores.length == 0) {
            throw new IllegalArgumentException(name + ": a sequence needs at least one sample's scores");
        }
        for (int k = 0; k < scores.length; k++) {
            if (scores[k] == null || scores[k].length != steps) {
                throw new IllegalArgumentException(name + ": sample " + k + " has "
                        + (scores[k] == null ? "no" : scores[k].length) + " step scores, expected " + steps);
            }
        }
    }

    /** Folds another accumulator of the same metric into this one. */
    public void merge(MetricAccumulator other) {
        if (!name.equals(other.name) || direction != other.direction || selection != other.selection
                || steps != other.steps) {
            throw new IllegalArgumentException("MetricAccumulator.merge: " + describe() + " cannot merge "
                    + other.describe());
        }
        for (int t = 0; t < steps; t++) {
            perStep[t].merge(other.perStep[t]);
        }
        perSequence.merge(other.perSequence);
    }

    private String describe() {
        return name + " (" + direction + ", " + selection + ", " + steps + " steps)";
    }

    /** The per-step means and intervals, the overall mean and its interval over sequences. */
    public MetricSummary summary() {
        long n = sequences();
        double[] mean = new double[steps];
        double[] low = new double[steps];
        double[] high = new double[steps];
        BigDecimal total = BigDecimal.ZERO;
        int infinities = 0;
        for (int t = 0; t < steps; t++) {
            mean[t] = perStep[t].mean();
            double h = MetricSummary.halfWidth(perStep[t].sampleVariance(), n);
            low[t] = mean[t] - h;
            high[t] = mean[t] + h;
            total = total.add(perStep[t].finiteSum());
            infinities = combine(infinities, perStep[t].infinities());
        }
        double overall = ExactMoments.mean(total, n * steps, infinities);
        double h = MetricSummary.halfWidth(perSequence.sampleVariance(), n);
        return new MetricSummary(mean, low, high, overall, overall - h, overall + h, n);
    }

    private static int combine(int a, int b) {
        if (a == 0) {
            return b;
        }
        if (b == 0 || a == b) {
            return a;
        }
        return 2;
    }
}
