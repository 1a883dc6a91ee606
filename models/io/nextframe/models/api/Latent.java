package io.nextframe.models.api;

/** How a stochastic model chooses its latent variables at prediction time. */
public enum Latent {
    /** Draw them: posterior during the context, then the (learned or fixed) prior. */
    SAMPLE,
    /**
     * Use means: posterior mean during the context, prior mean afterwards (0 for a fixed N(0, I) prior), so the
     * output is deterministic and the same for every sample.
     */
    MEAN
}
