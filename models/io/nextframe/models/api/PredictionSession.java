package io.nextframe.models.api;

/**
 * Streaming prediction for one live source: feed frames one at a time with {@link #observe}, and after any of them
 * ask for the next frames with {@link #predict}, which does not change the session. The recurrent state lives in
 * the session, over the predictor's shared immutable weights; a session belongs to one thread (open one per
 * thread). After observing P frames, {@code predict(F)} returns what {@link Predictor#predict} returns for a clip
 * of those P frames with the same seed, samples and latent mode.
 */
public interface PredictionSession extends AutoCloseable {
    /** Feeds the next ground-truth frame, (C, H, W) values in [0, 1]; checked before any compute. */
    void observe(float[] frame);

    /** Frames observed so far. */
    int observed();

    /** The next {@code future} frames after those observed, for every sample: (K, F, C, H, W). */
    float[] predict(int future);

    /** Frees the session's state (device memory included). */
    @Override
    void close();
}
