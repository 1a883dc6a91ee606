package io.nextframe.data;

/**
 * Separable resampling with a triangle (bilinear) filter on pixel centres, widened by the scale factor when
 * shrinking so every source pixel contributes (an antialiased downscale, as PIL's BILINEAR does). Upscaling is plain
 * bilinear interpolation with half-pixel centres (PyTorch's align_corners = false); taps outside the image are
 * dropped and the weights renormalised, which equals clamping at the border.
 */
public final class Resize {
    private Resize() {
    }

    /** Resizes planes of (C, H, W) floats to (C, outH, outW). */
    public static float[] bilinear(float[] src, int channels, int h, int w, int outH, int outW) {
        if (outH <= 0 || outW <= 0) {
            throw new IllegalArgumentException("Resize: target size " + outH + "×" + outW + " must be positive");
        }
        if ((long) channels * h * w != src.length) {
            throw new IllegalArgumentException("Resize: " + src.length + " values for (C,H,W) = (" + channels + ", "
                    + h + ", " + w + ")");
        }
        if (outH == h && outW == w) {
            return src.clone();
        }
        Taps tx = Taps.of(w, outW);
        Taps ty = Taps.of(h, outH);
        float[] rows = new float[channels * h * outW];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < h; y++) {
                int in = (c * h + y) * w;
                int out = (c * h + y) * outW;
                for (int x = 0; x < outW; x++) {
                    double s = 0;
                    for (int k = 0; k < tx.count[x]; k++) {
                        s += tx.weight[x][k] * src[in + tx.first[x] + k];
                    }
                    rows[out + x] = (float) s;
                }
            }
        }
        float[] dst = new float[channels * outH * outW];
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < outH; y++) {
                int out = (c * outH + y) * outW;
                for (int x = 0; x < outW; x++) {
                    double s = 0;
                    for (int k = 0; k < ty.count[y]; k++) {
                        s += ty.weight[y][k] * rows[(c * h + ty.first[y] + k) * outW + x];
                    }
                    dst[out + x] = (float) s;
                }
            }
        }
        return dst;
    }

    /** For each output position along one axis: the first source index, the number of taps and their weights. */
    private record Taps(int[] first, int[] count, double[][] weight) {
        static Taps of(int in, int out) {
            double scale = (double) in / out;
            double filterScale = Math.max(scale, 1.0);
            double support = filterScale; // the triangle filter has radius 1, stretched when shrinking
            int[] first = new int[out];
            int[] count = new int[out];
            double[][] weight = new double[out][];
            for (int o = 0; o < out; o++) {
                double centre = (o + 0.5) * scale;
                int lo = Math.max((int) Math.floor(centre - support), 0);
                int hi = Math.min((int) Math.ceil(centre + support), in);
                double[] wts = new double[Math.max(hi - lo, 0)];
                double total = 0;
                for (int i = lo; i < hi; i++) {
                    double t = Math.abs((i + 0.5 - centre) / filterScale);
                    double v = t < 1 ? 1 - t : 0;
                    wts[i - lo] = v;
                    total += v;
                }
                for (int k = 0; k < wts.length; k++) {
                    wts[k] /= total;
                }
                first[o] = lo;
                count[o] = wts.length;
                weight[o] = wts;
            }
            return new Taps(first, count, weight);
        }
    }
}
