package io.nextframe.layers.optim;

/** Learning-rate and momentum schedules as functions of the epoch (0-based). */
public final class Schedules {

    private Schedules() {
    }

    /** base · factor^⌊epoch / every⌋; factor ½ gives DFN's "halved every 20 epochs". */
    public static double step(double base, int every, double factor, int epoch) {
        if (every < 1 || epoch < 0) {
            throw new IllegalArgumentException("step schedule: every " + every + " ≥ 1 and epoch " + epoch
                    + " ≥ 0 expected");
        }
        return base * Math.pow(factor, epoch / every);
    }

    /** base · γ^epoch. */
    public static double exponential(double base, double gamma, int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("exponential schedule: epoch " + epoch + " must be ≥ 0");
        }
        return base * Math.pow(gamma, epoch);
    }

    /** LAPGAN's momentum: 0.5 rising by 0.0008 per epoch, capped at 0.7. */
    public static double lapganMomentum(int epoch) {
        return linear(0.5, 0.0008, 0.7, epoch);
    }

    /** start + perEpoch·epoch, capped at max. */
    public static double linear(double start, double perEpoch, double max, int epoch) {
        return Math.min(start + perEpoch * epoch, max);
    }
}
