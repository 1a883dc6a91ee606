package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;

import java.util.List;
import java.util.Random;

import static io.nextframe.testing.OpCase.outputs;

/** Dynamic local filtering (odd and even filter sizes) and cross convolution (with paddings), fwd and bwd. */
final class DynamicFilterCases {
    private static final long BASE = 83;

    private DynamicFilterCases() {
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        int index = 0;
        for (int i = 0; i < 6; i++) {
            int bt = g.between(1, 2), c = g.between(1, 3), h = g.size(11), w = g.size(13);
            int kh = g.between(1, 5), kw = g.between(1, 5);
            out.add(localFilter(index++, bt, c, h, w, kh, kw, false));
            out.add(localFilter(index++, bt, c, h, w, kh, kw, true));
        }
        // DFN's sizes: 9×9 filters on a 64-wide frame
        out.add(localFilter(index++, 2, 1, 20, 64, 9, 9, false));
        out.add(localFilter(index++, 2, 1, 20, 64, 9, 9, true));
        out.add(crossConv(index++, 2, 32, 17, 37, 5, 5, 2, 2, false));
        out.add(crossConv(index++, 2, 32, 17, 37, 5, 5, 2, 2, true));
        for (int i = 0; i < 6; i++) {
            int bt = g.between(1, 2), c = g.between(1, 3), kh = g.between(1, 5), kw = g.between(1, 5);
            int padH = g.between(0, kh - 1), padW = g.between(0, kw - 1);
            int h = Math.max(1, kh - 2 * padH) + g.between(0, 8), w = Math.max(1, kw - 2 * padW) + g.between(0, 8);
            out.add(crossConv(index++, bt, c, h, w, kh, kw, padH, padW, false));
            out.add(crossConv(index++, bt, c, h, w, kh, kw, padH, padW, true));
        }
    }

    static OpCase localFilter(int index, int bt, int c, int h, int w, int kh, int kw, boolean backward) {
        String name = "localfilter " + (backward ? "bwd" : "fwd") + " x[" + bt + "," + c + "," + h + "," + w + "] k"
                + kh + "×" + kw;
        return new OpCase(name, OpCases.seed(BASE, index), (long) Math.max(kh * kw, c * 1L), (Backend b, Random rnd) -> {
            Tensor x = Tensors.random(b, rnd, bt, c, h, w), f = Tensors.random(b, rnd, bt, kh * kw, h, w);
            if (!backward) {
                Tensor y = b.zeros(bt, c, h, w);
                b.localFilterForward(x, f, kh, kw, y);
                return outputs("y", y);
            }
            Tensor dy = Tensors.random(b, rnd, bt, c, h, w), dx = b.zeros(bt, c, h, w);
            Tensor df = b.zeros(bt, kh * kw, h, w);
            b.localFilterBackward(x, f, kh, kw, dy, dx, df);
            return outputs("dx", dx, "dFilters", df);
        });
    }

    static OpCase crossConv(int index, int bt, int c, int h, int w, int kh, int kw, int padH, int padW,
                            boolean backward) {
        int oh = h + 2 * padH - kh + 1, ow = w + 2 * padW - kw + 1;
        String name = "crossconv " + (backward ? "bwd" : "fwd") + " x[" + bt + "," + c + "," + h + "," + w + "] k"
                + kh + "×" + kw + " pad " + padH + "," + padW;
        return new OpCase(name, OpCases.seed(BASE, index), Math.max(kh * kw, (long) oh * ow),
                (Backend b, Random rnd) -> {
                    Tensor x = Tensors.random(b, rnd, bt, c, h, w), k = Tensors.random(b, rnd, bt, c, kh, kw);
                    if (!backward) {
                        Tensor y = b.zeros(bt, c, oh, ow);
                        b.crossConvForward(x, k, padH, padW, y);
                        return outputs("y", y);
                    }
                    Tensor dy = Tensors.random(b, rnd, bt, c, oh, ow), dx = b.zeros(bt, c, h, w);
                    Tensor dk = b.zeros(bt, c, kh, kw);
                    b.crossConvBackward(x, k, padH, padW, dy, dx, dk);
                    return outputs("dx", dx, "dk", dk);
                });
    }
}
