package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.data.shapes.ShapePair;
import io.nextframe.data.shapes.Shapes;

import java.util.List;

/**
 * A batch of frame pairs as two (B, 3, n, n) tensors, plus the pairs (for their true motions and masks). The
 * caller owns (closes) the tensors, or lets the enclosing scope do it.
 */
public record PairBatch(Tensor first, Tensor second, List<ShapePair> pairs) {

    /** Pairs {@code start … start + batch − 1} of {@code shapes}. */
    public static PairBatch of(Backend backend, Shapes shapes, long start, int batch) {
        ShapePair[] pairs = new ShapePair[batch];
        for (int i = 0; i < batch; i++) {
            pairs[i] = shapes.pair(start + i);
        }
        return of(backend, List.of(pairs));
    }

    /** The given pairs, which must share one frame size. */
    public static PairBatch of(Backend backend, List<ShapePair> pairs) {
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("PairBatch: no pairs");
        }
        int n = pairs.getFirst().frames().height();
        int frame = 3 * n * n;
        float[] a = new float[pairs.size() * frame];
        float[] b = new float[pairs.size() * frame];
        for (int i = 0; i < pairs.size(); i++) {
            var clip = pairs.get(i).frames();
            if (clip.height() != n || clip.width() != n || clip.channels() != 3) {
                throw new IllegalArgumentException("PairBatch: pair " + i + " is " + clip + ", expected 3×" + n
                        + "×" + n + " like pair 0");
            }
            System.arraycopy(clip.data(), 0, a, i * frame, frame);
            System.arraycopy(clip.data(), frame, b, i * frame, frame);
        }
        Shape s = Shape.of(pairs.size(), 3, n, n);
        return new PairBatch(backend.fromFloats(s, a), backend.fromFloats(s, b), List.copyOf(pairs));
    }
}
