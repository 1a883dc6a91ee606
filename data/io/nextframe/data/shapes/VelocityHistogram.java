package io.nextframe.data.shapes;

/**
 * The 2-D displacement histogram of the Cross Convolutional Network's distribution test (specs/visual-dynamics.md):
 * 41 × 41 bins over [−5, 5]² in pixels of a 64×64 image, bin centres at multiples of 0.25 (bin k covers
 * [−5.125 + 0.25k, −4.875 + 0.25k)); values beyond ±5.125 are counted in the edge bins. For the Circles–Triangles
 * entry, add (circle dy, triangle dy) pairs. {@link #kl} is D_KL(p_gt ‖ p_pred) with ε = 1e-6 added to the empty
 * bins of the prediction before normalising.
 */
public final class VelocityHistogram {
    public static final int BINS = 41;
    public static final double RANGE = 5.0;
    public static final double EPSILON = 1e-6;
    private static final double WIDTH = 2 * RANGE / (BINS - 1);

    private final long[] counts = new long[BINS * BINS];
    private long total;

    /** Adds one displacement (a, b), e.g. (dx, dy). */
    public void add(double a, double b) {
        counts[bin(b) * BINS + bin(a)]++;
        total++;
    }

    /** Adds every shape of kind {@code kind} of a pair with its true displacement. */
    public void addTruth(ShapePair pair, ShapeKind kind) {
        ShapeMotion m = pair.shape(kind);
        add(m.dx64(), m.dy64());
    }

    /** Adds the true displacement of the shape of kind {@code kind} among {@code motions}. */
    public void addTruth(ShapeMotion[] motions, ShapeKind kind) {
        ShapeMotion m = motions[kind.ordinal()];
        add(m.dx64(), m.dy64());
    }

    static int bin(double v) {
        int k = (int) Math.floor((v + RANGE + WIDTH / 2) / WIDTH);
        return Math.max(0, Math.min(BINS - 1, k));
    }

    public long total() {
        return total;
    }

    /** The count of bin (a-bin i, b-bin j). */
    public long count(int i, int j) {
        return counts[j * BINS + i];
    }

    /** D_KL(gt ‖ pred) in nats. Both histograms must hold samples. */
    public static double kl(VelocityHistogram gt, VelocityHistogram pred) {
        if (gt.total == 0 || pred.total == 0) {
            throw new IllegalArgumentException("VelocityHistogram.kl: an empty histogram (gt " + gt.total
                    + ", pred " + pred.total + " samples)");
        }
        double predMass = 0;
        for (long c : pred.counts) {
            predMass += c == 0 ? EPSILON : c;
        }
        double kl = 0;
        for (int i = 0; i < gt.counts.length; i++) {
            if (gt.counts[i] == 0) {
                continue;
            }
            double p = (double) gt.counts[i] / gt.total;
            double q = (pred.counts[i] == 0 ? EPSILON : pred.counts[i]) / predMass;
            kl += p * Math.log(p / q);
        }
        return kl;
    }
}
