package io.nextframe.models.api;

/**
 * What to predict for one clip.
 *
 * @param past    context frames read from the start of the clip
 * @param future  frames to predict after the context
 * @param samples independent samples K (a deterministic model repeats its one prediction)
 * @param seed    the clip's seed (see {@link ClipSeeds}); sample k uses Philox stream k of it
 * @param latent  how latent variables are chosen
 */
public record PredictOptions(int past, int future, int samples, long seed, Latent latent) {
    public PredictOptions {
        if (past < 1 || future < 1 || samples < 1) {
            throw new IllegalArgumentException("predict: --past " + past + ", --future " + future + " and --samples "
                    + samples + " must all be ≥ 1");
        }
        if (latent == null) {
            throw new IllegalArgumentException("predict: latent mode is required");
        }
    }

    /** The same options for another clip seed. */
    public PredictOptions withSeed(long clipSeed) {
        return new PredictOptions(past, future, samples, clipSeed, latent);
    }
}
