package io.nextframe.core.reference;

import io.nextframe.core.Tensor;

/**
 * The two seed-specific ops: dynamic local filtering (each pixel its own kh×kw filter, shared over channels) and
 * cross convolution (each sample and channel its own kernel). Backward ops walk the forward taps and scatter.
 */
final class ReferenceDynamicFilters {
    private ReferenceDynamicFilters() {
    }

    private interface LocalTap {
        /** xi: x/dx index (or −1 outside), fi: filters index, yi: y index. */
        void accept(int xi, int fi, int yi);
    }

    private static void localTaps(Tensor x, int kh, int kw, LocalTap tap) {
        int batch = x.dim(0), ch = x.dim(1), h = x.dim(2), w = x.dim(3), kk = kh * kw;
        for (int b = 0; b < batch; b++) {
            for (int c = 0; c < ch; c++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        int yi = ((b * ch + c) * h + i) * w + j;
                        for (int k = 0; k < kk; k++) {
                            int si = i + k / kw - kh / 2, sj = j + k % kw - kw / 2;
                            if (si >= 0 && si < h && sj >= 0 && sj < w) {
                                tap.accept(((b * ch + c) * h + si) * w + sj, ((b * kk + k) * h + i) * w + j, yi);
                            }
                        }
                    }
                }
            }
        }
    }

    static void localFilterForward(Tensor x, Tensor filters, int kh, int kw, Tensor y) {
        double[] xv = TensorData.load(x), fv = TensorData.load(filters), yv = new double[xv.length];
        localTaps(x, kh, kw, (xi, fi, yi) -> yv[yi] += fv[fi] * xv[xi]);
        TensorData.store(y, yv);
    }

    static void localFilterBackward(Tensor x, Tensor filters, int kh, int kw, Tensor dy, Tensor dx,
                                    Tensor dFilters) {
        double[] xv = TensorData.load(x), fv = TensorData.load(filters), g = TensorData.load(dy);
        double[] dxv = new double[xv.length], dfv = new double[fv.length];
        localTaps(x, kh, kw, (xi, fi, yi) -> {
            dxv[xi] += fv[fi] * g[yi];
            dfv[fi] += xv[xi] * g[yi];
        });
        TensorData.store(dx, dxv);
        TensorData.store(dFilters, dfv);
    }

    private interface CrossTap {
        void accept(int xi, int ki, int yi);
    }

    private static void crossTaps(Tensor x, Tensor k, int padH, int padW, Tensor y, CrossTap tap) {
        int planes = x.dim(0) * x.dim(1), h = x.dim(2), w = x.dim(3), kh = k.dim(2), kw = k.dim(3);
        int oh = y.dim(2), ow = y.dim(3);
        for (int p = 0; p < planes; p++) {
            for (int oi = 0; oi < oh; oi++) {
                for (int oj = 0; oj < ow; oj++) {
                    int yi = (p * oh + oi) * ow + oj;
                    for (int u = 0; u < kh; u++) {
                        int si = oi - padH + u;
                        if (si < 0 || si >= h) {
                            continue;
                        }
                        for (int v = 0; v < kw; v++) {
                            int sj = oj - padW + v;
                            if (sj >= 0 && sj < w) {
                                tap.accept((p * h + si) * w + sj, (p * kh + u) * kw + v, yi);
                            }
                        }
                    }
                }
            }
        }
    }

    static void crossConvForward(Tensor x, Tensor k, int padH, int padW, Tensor y) {
        double[] xv = TensorData.load(x), kv = TensorData.load(k), yv = new double[Math.toIntExact(y.size())];
        crossTaps(x, k, padH, padW, y, (xi, ki, yi) -> yv[yi] += xv[xi] * kv[ki]);
        TensorData.store(y, yv);
    }

    static void crossConvBackward(Tensor x, Tensor k, int padH, int padW, Tensor dy, Tensor dx, Tensor dk) {
        double[] xv = TensorData.load(x), kv = TensorData.load(k), g = TensorData.load(dy);
        double[] dxv = new double[xv.length], dkv = new double[kv.length];
        crossTaps(x, k, padH, padW, dy, (xi, ki, yi) -> {
            dxv[xi] += kv[ki] * g[yi];
            dkv[ki] += xv[xi] * g[yi];
        });
        TensorData.store(dx, dxv);
        TensorData.store(dk, dkv);
    }
}
