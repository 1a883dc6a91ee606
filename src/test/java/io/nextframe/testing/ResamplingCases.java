package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ResizeMode;

import java.util.List;
import java.util.Random;

import static io.nextframe.testing.OpCase.outputs;
import static io.nextframe.testing.Tensors.dims;

/** Max/avg pooling and nearest/linear resizing in 1–3 spatial dims, forward and backward. */
final class ResamplingCases {
    private static final long BASE = 41;

    private ResamplingCases() {
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        int index = 0;
        for (int i = 0; i < 18; i++) {
            int d = 1 + i % 3;
            PoolSpec.Kind kind = i % 2 == 0 ? PoolSpec.Kind.MAX : PoolSpec.Kind.AVG;
            int[] k = new int[d], s = new int[d], p = new int[d], x = new int[d + 2];
            x[0] = g.between(1, 2);
            x[1] = g.between(1, 3);
            for (int a = 0; a < d; a++) {
                k[a] = g.between(1, 3);
                s[a] = g.between(1, 3);
                p[a] = g.between(0, k[a] / 2);
                x[a + 2] = Math.max(1, k[a] - 2 * p[a]) + g.between(0, d == 3 ? 4 : 9);
            }
            PoolSpec spec = new PoolSpec(kind, k, s, p);
            out.add(pool(index++, spec, x, false));
            out.add(pool(index++, spec, x, true));
        }
        for (int i = 0; i < 24; i++) {
            int d = 1 + i % 3;
            ResizeMode mode = i % 6 < 2 ? ResizeMode.NEAREST : ResizeMode.LINEAR;
            boolean align = i % 2 == 1;
            int[] x = new int[d + 2], y = new int[d + 2];
            x[0] = y[0] = g.between(1, 2);
            x[1] = y[1] = g.between(1, 3);
            for (int a = 0; a < d; a++) {
                x[a + 2] = g.size(d == 3 ? 5 : 9);
                // up-sampling by 2 (the common case), or an arbitrary other size, smaller or larger
                y[a + 2] = g.coin() ? 2 * x[a + 2] : g.size(d == 3 ? 6 : 13);
            }
            out.add(resize(index++, mode, align, x, y, false));
            out.add(resize(index++, mode, align, x, y, true));
        }
    }

    static OpCase pool(int index, PoolSpec spec, int[] x, boolean backward) {
        String name = "pool " + spec.kind().name().toLowerCase() + spec.dims() + "d " + (backward ? "bwd" : "fwd")
                + " x" + dims(x) + " k" + dims(spec.kernel()) + " s" + dims(spec.stride()) + " p"
                + dims(spec.padding());
        long window = 1;
        for (int k : spec.kernel()) {
            window *= k;
        }
        return new OpCase(name, OpCases.seed(BASE, index), window, (Backend b, Random rnd) -> {
            Tensor xt = Tensors.random(b, rnd, x);
            Shape ys = Backend.poolOutputShape(spec, xt.shape());
            if (!backward) {
                Tensor y = b.zeros(ys);
                b.poolForward(spec, xt, y);
                return outputs("y", y);
            }
            Tensor dy = Tensors.random(b, rnd, ys.dims()), dx = b.zeros(x);
            b.poolBackward(spec, xt, dy, dx);
            return outputs("dx", dx);
        });
    }

    static OpCase resize(int index, ResizeMode mode, boolean align, int[] x, int[] y, boolean backward) {
        String name = "resize " + mode.name().toLowerCase() + (x.length - 2) + "d " + (backward ? "bwd" : "fwd")
                + (align ? " alignCorners" : "") + " " + dims(x) + " → " + dims(y);
        long fanIn = 8;
        for (int a = 2; a < x.length; a++) {
            // forward gathers from ≤ 2 cells per axis; backward scatters up to ⌈y/x⌉ cells per axis into one
            fanIn *= Math.max((x[a] + y[a] - 1) / y[a], (y[a] + x[a] - 1) / x[a]);
        }
        return new OpCase(name, OpCases.seed(BASE, index), fanIn, (Backend b, Random rnd) -> {
            if (!backward) {
                Tensor xt = Tensors.random(b, rnd, x), yt = b.zeros(y);
                b.resizeForward(mode, align, xt, yt);
                return outputs("y", yt);
            }
            Tensor dy = Tensors.random(b, rnd, y), dx = b.zeros(x);
            b.resizeBackward(mode, align, dy, dx);
            return outputs("dx", dx);
        });
    }
}
