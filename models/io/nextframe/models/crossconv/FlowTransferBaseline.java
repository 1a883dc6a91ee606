package io.nextframe.models.crossconv;

import io.nextframe.data.Clip;
import io.nextframe.data.shapes.ShapeMotion;
import io.nextframe.data.shapes.ShapePair;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paper's "Flow" baseline: for a test image, find its k nearest training images (L2 distance between the first
 * frames reduced to a thumbnail by box averaging) and transfer the motion of one of them, drawn uniformly. The
 * transferred motion is the neighbour's true per-shape displacement (the generator knows it), so the baseline is
 * not limited by an optical-flow estimator: all three shapes' motions come from the same neighbour.
 */
public final class FlowTransferBaseline {
    private final int k;
    private final int thumb;
    private final List<float[]> thumbs = new ArrayList<>();
    private final List<ShapeMotion[]> motions = new ArrayList<>();

    public FlowTransferBaseline(int k, int thumb) {
        if (k < 1 || thumb < 1) {
            throw new IllegalArgumentException("FlowTransferBaseline: k " + k + " and thumbnail " + thumb
                    + " must be ≥ 1");
        }
        this.k = k;
        this.thumb = thumb;
    }

    public void addTraining(ShapePair pair) {
        thumbs.add(thumbnail(pair.frames()));
        motions.add(pair.shapes());
    }

    public int size() {
        return thumbs.size();
    }

    /** One transferred motion for the test pair: (dx, dy) at 64² per shape. */
    public double[][] sample(ShapePair test, SplittableRandom rng) {
        int[] nn = nearest(thumbnail(test.frames()));
        ShapeMotion[] m = motions.get(nn[rng.nextInt(nn.length)]);
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = new double[] {m[i].dx64(), m[i].dy64()};
        }
        return out;
    }

    /** The indices of the k nearest training thumbnails (fewer if fewer are stored), nearest first. */
    int[] nearest(float[] query) {
        if (thumbs.isEmpty()) {
            throw new IllegalStateException("FlowTransferBaseline: no training pairs");
        }
        int m = Math.min(k, thumbs.size());
        int[] idx = new int[m];
        double[] dist = new double[m];
        java.util.Arrays.fill(dist, Double.POSITIVE_INFINITY);
        for (int i = 0; i < thumbs.size(); i++) {
            float[] t = thumbs.get(i);
            double d = 0;
            for (int j = 0; j < t.length; j++) {
                double r = t[j] - query[j];
                d += r * r;
            }
            if (d < dist[m - 1]) {
                int p = m - 1;
                while (p > 0 && dist[p - 1] > d) {
                    dist[p] = dist[p - 1];
                    idx[p] = idx[p - 1];
                    p--;
                }
                dist[p] = d;
                idx[p] = i;
            }
        }
        return idx;
    }

    private float[] thumbnail(Clip clip) {
        int n = clip.height();
        if (n % thumb != 0) {
            throw new IllegalArgumentException("FlowTransferBaseline: frame side " + n + " is not a multiple of the "
                    + "thumbnail side " + thumb);
        }
        int f = n / thumb;
        float[] out = new float[3 * thumb * thumb];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    out[(c * thumb + y / f) * thumb + x / f] += clip.get(0, c, y, x) / (f * f);
                }
            }
        }
        return out;
    }
}
