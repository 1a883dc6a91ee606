package io.nextframe.models.eval;

import java.util.Arrays;

/**
 * One metric of an evaluation: the mean over test sequences at each predicted step, the overall mean, and a 95%
 * confidence interval for it; also the interval at each step (what the SVG paper plots).
 * Intervals are normal approximations, mean ± 1.96·s/√n, with s the sample standard deviation (n − 1) over the n
 * sequences: at each step over the sequences' scores at that step, overall over the sequences' mean scores.
 * An interval is NaN (JSON null) when it is undefined: fewer than two sequences, or an infinite score.
 */
public record MetricSummary(double[] perStep, double[] perStepLow, double[] perStepHigh, double mean, double ciLow,
        double ciHigh, long sequences) {
    /** The z value of a two-sided 95% normal interval, as the brief and the SVG paper's plots use. */
    public static final double Z95 = 1.96;

    public MetricSummary {
        if (perStep.length != perStepLow.length || perStep.length != perStepHigh.length) {
            throw new IllegalArgumentException("MetricSummary: per-step arrays differ in length: " + perStep.length
                    + ", " + perStepLow.length + ", " + perStepHigh.length);
        }
        perStep = perStep.clone();
        perStepLow = perStepLow.clone();
        perStepHigh = perStepHigh.clone();
    }

    @Override
    public double[] perStep() {
        return perStep.clone();
    }

    @Override
    public double[] perStepLow() {
        return perStepLow.clone();
    }

    @Override
    public double[] perStepHigh() {
        return perStepHigh.clone();
    }

    /**
     * A metric that is one number for the whole test set, without a spread (e.g. {@code velocity_kl_<shape>}, a KL
     * between two histograms): per_step = [value], mean = value, intervals undefined.
     */
    public static MetricSummary scalar(double value, long sequences) {
        double[] nan = {Double.NaN};
        return new MetricSummary(new double[] {value}, nan, nan, value, Double.NaN, Double.NaN, sequences);
    }

    /** Half-width 1.96·√(variance / n); NaN when the variance is. */
    static double halfWidth(double sampleVariance, long n) {
        return Z95 * Math.sqrt(sampleVariance / n);
    }

    /** Writes {@code {"per_step": [...], "mean": x, "ci95": [lo, hi], "per_step_ci95": [[lo, hi], ...]}}. */
    void writeJson(JsonWriter json) {
        json.beginObject();
        json.name("per_step").value(perStep);
        json.name("mean").value(mean);
        json.name("ci95").value(new double[] {ciLow, ciHigh});
        json.name("per_step_ci95").beginArray();
        for (int t = 0; t < perStep.length; t++) {
            json.value(new double[] {perStepLow[t], perStepHigh[t]});
        }
        json.endArray();
        json.endObject();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetricSummary m && Arrays.equals(perStep, m.perStep)
                && Arrays.equals(perStepLow, m.perStepLow) && Arrays.equals(perStepHigh, m.perStepHigh)
                && Double.compare(mean, m.mean) == 0 && Double.compare(ciLow, m.ciLow) == 0
                && Double.compare(ciHigh, m.ciHigh) == 0 && sequences == m.sequences;
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(perStep) + Double.hashCode(mean)) + Long.hashCode(sequences);
    }

    @Override
    public String toString() {
        return "MetricSummary[mean=" + mean + ", ci95=[" + ciLow + ", " + ciHigh + "], sequences=" + sequences
                + ", perStep=" + Arrays.toString(perStep) + "]";
    }
}
