package io.nextframe.models.eval;

/** Which way a score improves; best-of-K picks by it. */
public enum Direction {
    HIGHER_IS_BETTER,
    LOWER_IS_BETTER;

    /** True when {@code a} is strictly better than {@code b} (ties are not better, so the first sample wins). */
    public boolean better(double a, double b) {
        return this == HIGHER_IS_BETTER ? a > b : a < b;
    }
}
