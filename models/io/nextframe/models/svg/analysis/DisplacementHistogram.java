package io.nextframe.models.svg.analysis;

/**
 * Counts of integer per-step displacements (Δx, Δy) of a tracked digit: one bin per integer in [−R, R] on each axis,
 * R = {@value #RANGE}; larger displacements (a generated digit that jumps) land in the edge bins. The generator moves
 * at most 4 px per step, so every ground-truth displacement has its own bin.
 */
public final class DisplacementHistogram {
    public static final int RANGE = 8;
    public static final int BINS = 2 * RANGE + 1;
    /** What {@link #kl} adds to every bin of the model's histogram before normalising, so that KL stays finite. */
    public static final double KL_EPSILON = 1e-6;

    private final long[] counts = new long[BINS * BINS];
    private long total;

    public void add(int dx, int dy) {
        counts[bin(dy) * BINS + bin(dx)]++;
        total++;
    }

    private static int bin(int d) {
        return Math.max(-RANGE, Math.min(RANGE, d)) + RANGE;
    }

    public long total() {
        return total;
    }

    /** The probability of the most frequent displacement: 1 for a delta. */
    public double peakMass() {
        requireSamples("peakMass");
        long max = 0;
        for (long c : counts) {
            max = Math.max(max, c);
        }
        return (double) max / total;
    }

    /** How many distinct displacements occurred. */
    public int support() {
        int n = 0;
        for (long c : counts) {
            if (c > 0) {
                n++;
            }
        }
        return n;
    }

    /** The marginal counts of Δx (axis 0) or Δy (axis 1), bins −R … R. */
    public long[] marginal(int axis) {
        long[] out = new long[BINS];
        for (int j = 0; j < BINS; j++) {
            for (int i = 0; i < BINS; i++) {
                out[axis == 0 ? i : j] += counts[j * BINS + i];
            }
        }
        return out;
    }

    /** Total variation ½ Σ |p − q| between the two normalised histograms, in [0, 1]; 0 iff they are proportional. */
    public static double totalVariation(DisplacementHistogram p, DisplacementHistogram q) {
        p.requireSamples("totalVariation");
        q.requireSamples("totalVariation");
        double s = 0;
        for (int i = 0; i < p.counts.length; i++) {
            s += Math.abs((double) p.counts[i] / p.total - (double) q.counts[i] / q.total);
        }
        return s / 2;
    }

    /**
     * D_KL(truth ‖ model) in nats, with {@link #KL_EPSILON} added to every bin of the model's histogram (as a
     * probability, before renormalising) so that a displacement the model never produced costs a finite amount.
     */
    public static double kl(DisplacementHistogram truth, DisplacementHistogram model) {
        truth.requireSamples("kl");
        model.requireSamples("kl");
        double norm = 1 + KL_EPSILON * model.counts.length;
        double s = 0;
        for (int i = 0; i < truth.counts.length; i++) {
            if (truth.counts[i] == 0) {
                continue;
            }
            double p = (double) truth.counts[i] / truth.total;
            double q = ((double) model.counts[i] / model.total + KL_EPSILON) / norm;
            s += p * Math.log(p / q);
        }
        return s;
    }

    private void requireSamples(String op) {
        if (total == 0) {
            throw new IllegalStateException("DisplacementHistogram." + op + ": empty histogram");
        }
    }
}
