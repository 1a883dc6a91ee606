package io.nextframe.models.svg.analysis;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.io.HostTensor;
import io.nextframe.data.Clip;
import io.nextframe.data.SequenceRandom;
import io.nextframe.data.mmnist.StochasticMovingMnist;
import io.nextframe.data.mmnist.Trajectory;
import io.nextframe.models.svg.SvgModel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Where the continuations of a context come from in the trajectory-distribution test: a model's samples, or the
 * generator's own continuations rendered as frames (the test's sanity check: that "model" matches the ground truth).
 */
@FunctionalInterface
public interface Continuations {
    /**
     * {@code count} continuations of {@code steps} frames after the context (frames 0 … P−1 of clip
     * {@code clipIndex}, whose trajectory is {@code truth}): count·steps single-channel canvas² frames, frame s of
     * continuation k at offset (k·steps + s)·canvas².
     */
    float[] sample(long clipIndex, Clip context, Trajectory truth, int count, int steps);

    /**
     * The model's samples: the context repeated in the batch ({@code batch} rows per call), z drawn from seeds
     * derived from ({@code seed}, clip, call), so every continuation has its own noise.
     */
    static Continuations model(SvgModel model, long seed, int batch, SvgModel.BatchStats stats) {
        if (batch < 1) {
            throw new IllegalArgumentException("Continuations.model: batch " + batch + " must be ≥ 1");
        }
        return (clipIndex, context, truth, count, steps) -> {
            Backend be = model.backend();
            int frame = context.frameSize();
            float[] out = new float[count * steps * frame];
            for (int start = 0, call = 0; start < count; start += batch, call++) {
                int n = Math.min(batch, count - start);
                long s = SequenceRandom.derive(SequenceRandom.derive(seed, clipIndex), call);
                try (Scope scope = be.scope()) {
                    HostTensor h = model.predict(Sources.batch(be, Collections.nCopies(n, context), context.frames()),
                            steps, 1, s, SvgModel.Latent.SAMPLE, stats);
                    System.arraycopy(h.data(), 0, out, start * steps * frame, n * steps * frame);
                }
            }
            return out;
        };
    }

    /**
     * The generator's continuations of the context's last frame from random streams firstStream + k (k &lt; count),
     * drawn as frames.
     */
    static Continuations groundTruth(StochasticMovingMnist src, long firstStream) {
        return (clipIndex, context, truth, count, steps) -> {
            int past = context.frames(), frame = context.frameSize();
            float[] out = new float[count * steps * frame];
            for (int k = 0; k < count; k++) {
                Trajectory c = src.continueFrom(truth, past - 1, past + steps, stream(clipIndex, firstStream + k));
                Clip clip = src.render(c);
                System.arraycopy(clip.data(), past * frame, out, k * steps * frame, steps * frame);
            }
            return out;
        };
    }

    /** The continuation stream of sample k of clip i: distinct per (clip, sample). */
    static long stream(long clipIndex, long k) {
        return (clipIndex << 32) ^ k;
    }

    /** Ground-truth continuation trajectories of clip {@code clipIndex} from streams first … first+count−1. */
    static List<Trajectory> truth(StochasticMovingMnist src, long clipIndex, Trajectory truth, int past, int steps,
                                  long first, int count) {
        List<Trajectory> out = new ArrayList<>(count);
        for (int k = 0; k < count; k++) {
            out.add(src.continueFrom(truth, past - 1, past + steps, stream(clipIndex, first + k)));
        }
        return out;
    }
}
