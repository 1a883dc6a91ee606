package io.nextframe.models.api;

import io.nextframe.data.Clip;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A loaded next-frame prediction model of any family, as the command line and embedding applications use it.
 * Weights are immutable after loading; {@link #predict} may be called from several threads only if the
 * implementation says so (see {@link #threadSafe()}); otherwise open one predictor per thread.
 */
public interface Predictor extends AutoCloseable {
    /** The model kind (CONTRACTS §4), e.g. {@code svg-lp}. */
    String kind();

    /** The model file's config metadata. */
    Map<String, String> metadata();

    int channels();

    int height();

    int width();

    /** The fewest context frames the model accepts. */
    int minPast();

    /** The context length the model was trained with. */
    int trainedPast();

    /** The prediction horizon the model was trained with (it can predict further). */
    int trainedFuture();

    /** Whether samples differ (a latent-variable model) or repeat one prediction. */
    boolean stochastic();

    /** Number of scalar parameters. */
    long parameterCount();

    /** Whether concurrent {@link #predict} calls on this instance are safe. */
    default boolean threadSafe() {
        return false;
    }

    /**
     * Predicts {@code options.future()} frames after the first {@code options.past()} frames of {@code clip}:
     * returns (K, F, C, H, W) as a clip-major float array in [0, 1]. The clip is checked (size, channels, frame
     * count, finite values) before any compute; errors name what was expected.
     */
    float[] predict(Clip clip, PredictOptions options);

    /**
     * Predicts several clips in one batch: result i is (K, F, C, H, W) for {@code clips.get(i)} with the clip seed
     * {@code seeds[i]} (the options' own seed is not used). One pass over the weights serves every clip, which is what
     * makes batches faster per clip where reading the weights dominates (batch 1 on a CPU). A clip's result does not
     * depend on the other clips or its position; in the last bits it may depend on the batch's size, so callers
     * that need bitwise-reproducible output across groupings keep the size fixed ({@link ClipBatches}). Every clip
     * is checked before any compute. Like sessions, batches on one predictor may run on different threads at once.
     * Families without a batched path predict the clips one by one, each in its own session.
     */
    default List<float[]> predictBatch(List<Clip> clips, PredictOptions options, long[] seeds) {
        checkBatch(clips, options, seeds);
        List<float[]> out = new ArrayList<>(clips.size());
        for (int i = 0; i < clips.size(); i++) {
            try (PredictionSession s = openSession(options.samples(), seeds[i], options.latent())) {
                Clip clip = clips.get(i);
                for (int t = 0; t < options.past(); t++) {
                    s.observe(clip.frame(t));
                }
                out.add(s.predict(options.future()));
            }
        }
        return out;
    }

    /** Checks a batch: one seed per clip, and every clip as {@link #check}, naming the clip's index on a mismatch. */
    default void checkBatch(List<Clip> clips, PredictOptions options, long[] seeds) {
        if (clips.isEmpty() || seeds.length != clips.size()) {
            throw new IllegalArgumentException(kind() + ": a batch of " + clips.size() + " clips with " + seeds.length
                    + " seeds (expected one seed per clip, at least one clip)");
        }
        for (int i = 0; i < clips.size(); i++) {
            try {
                check(clips.get(i), options);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("clip " + i + " of the batch: " + e.getMessage(), e);
            }
        }
    }

    /**
     * A streaming session over this predictor's weights (see {@link PredictionSession}): {@code samples} samples
     * with the clip seed {@code seed}. Sessions on one predictor may run on different threads at once.
     */
    PredictionSession openSession(int samples, long seed, Latent latent);

    /** Frees weights and device memory. */
    @Override
    void close();

    /** Checks a clip against the model's frame shape and the context length; names the first mismatch. */
    default void check(Clip clip, PredictOptions options) {
        if (clip.channels() != channels()) {
            throw new IllegalArgumentException(kind() + ": frames have " + clip.channels() + " channel"
                    + (clip.channels() == 1 ? "" : "s") + ", the model takes " + channels()
                    + (channels() == 1 ? " (gray; --convert turns RGB into gray)" : " (RGB; --convert turns gray into RGB)"));
        }
        if (clip.height() != height() || clip.width() != width()) {
            throw new IllegalArgumentException(kind() + ": frames are " + clip.height() + "×" + clip.width()
                    + ", the model takes " + height() + "×" + width() + " (--resize scales them)");
        }
        if (options.past() < minPast()) {
            throw new IllegalArgumentException(kind() + ": --past " + options.past() + " is too few context frames; "
                    + "the model needs at least " + minPast());
        }
        if (clip.frames() < options.past()) {
            throw new IllegalArgumentException(kind() + ": the clip has " + clip.frames() + " frames, fewer than "
                    + "--past " + options.past());
        }
        float[] v = clip.data();
        int n = options.past() * clip.frameSize();
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(v[i])) {
                int f = i / clip.frameSize();
                throw new IllegalArgumentException(kind() + ": context frame " + f + " holds a non-finite value ("
                        + v[i] + ")");
            }
        }
    }
}
