package io.nextframe.models.eval;

/** How the K samples drawn for one test sequence become one score per predicted step. */
public enum Selection {
    /**
     * SVG's best-of-K: the sample with the best mean score over the predicted steps (ties → the lowest sample
     * index), then that sample's score at every step.
     */
    BEST,
    /** The mean over the K samples at each step (an expectation; with K = 1, the deterministic model's score). */
    MEAN
}
