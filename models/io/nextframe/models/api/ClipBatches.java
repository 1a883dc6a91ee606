package io.nextframe.models.api;

import io.nextframe.data.Clip;

import java.util.ArrayList;
import java.util.List;

/**
 * Predicting many clips in batches of a fixed size. Every batch has exactly {@code size} rows (the last one is
 * padded with blank clips whose results are dropped), so a clip meets the same kernels however the clips are grouped,
 * ordered or partitioned: its output depends only on the model, its seed and the batch size, bitwise. A size of 1 is
 * {@link Predictor#predict} clip by clip.
 */
public final class ClipBatches {
    /** The largest batch size accepted: a bound on memory, far above where batching stops paying. */
    public static final int MAX_SIZE = 256;

    private ClipBatches() {
    }

    /** Checks a batch size option, naming it. */
    public static int checkSize(int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("--batch " + size + ": expected a batch size between 1 and " + MAX_SIZE);
        }
        return size;
    }

    /**
     * Result i is (K, F, C, H, W) for {@code clips.get(i)} with the clip seed {@code seeds[i]}; the clips go through
     * the predictor {@code size} at a time. Every clip is checked before any compute.
     */
    public static List<float[]> predict(Predictor p, List<Clip> clips, PredictOptions o, long[] seeds, int size) {
        checkSize(size);
        p.checkBatch(clips, o, seeds);
        List<float[]> out = new ArrayList<>(clips.size());
        for (int from = 0; from < clips.size(); from += size) {
            int to = Math.min(clips.size(), from + size);
            List<Clip> batch = new ArrayList<>(clips.subList(from, to));
            long[] s = new long[size];
            System.arraycopy(seeds, from, s, 0, to - from);
            Clip blank = size > to - from ? blank(p, o) : null;
            while (batch.size() < size) {
                batch.add(blank);
            }
            out.addAll(p.predictBatch(batch, o, s).subList(0, to - from));
        }
        return out;
    }

    /** A padding row: the context length of zeros in the model's frame shape. */
    private static Clip blank(Predictor p, PredictOptions o) {
        return Clip.zeros(o.past(), p.channels(), p.height(), p.width());
    }
}
