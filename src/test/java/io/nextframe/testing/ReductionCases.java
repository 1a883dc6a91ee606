package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ReduceOp;

import java.util.List;
import java.util.Random;

import static io.nextframe.testing.OpCase.outputs;
import static io.nextframe.testing.Tensors.dims;

/** Sum/mean/max over random axis subsets, and (log-)softmax forward/backward along every kind of axis. */
final class ReductionCases {
    private static final long BASE = 61;

    private ReductionCases() {
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        int index = 0;
        for (int i = 0; i < 18; i++) {
            ReduceOp op = ReduceOp.values()[i % 3];
            int[] x = g.sizes(g.between(1, 4), 11);
            int[] y = x.clone();
            boolean any = false;
            for (int a = 0; a < y.length; a++) {
                if (g.coin()) {
                    y[a] = 1;
                    any = true;
                }
            }
            if (!any) {
                y[g.between(0, y.length - 1)] = 1;
            }
            out.add(reduce(index++, op, x, y));
        }
        out.add(reduce(index++, ReduceOp.SUM, new int[] {3, 1000}, new int[] {3, 1}));
        for (int i = 0; i < 12; i++) {
            int[] x = g.sizes(g.between(1, 3), 19);
            int axis = g.between(0, x.length - 1);
            out.add(softmax(index++, i % 2 == 1, axis, x, false));
            out.add(softmax(index++, i % 2 == 1, axis, x, true));
        }
    }

    static OpCase reduce(int index, ReduceOp op, int[] x, int[] y) {
        long len = Shape.of(x).size() / Shape.of(y).size();
        return new OpCase("reduce " + op.name().toLowerCase() + " " + dims(x) + " → " + dims(y),
                OpCases.seed(BASE, index), len, (Backend b, Random rnd) -> {
                    Tensor xt = Tensors.random(b, rnd, x), yt = b.zeros(y);
                    b.reduce(op, xt, yt);
                    return outputs("y", yt);
                });
    }

    static OpCase softmax(int index, boolean log, int axis, int[] x, boolean backward) {
        String name = (log ? "logsoftmax" : "softmax") + (backward ? " bwd " : " fwd ") + dims(x) + " axis " + axis;
        return new OpCase(name, OpCases.seed(BASE, index), x[axis], (Backend b, Random rnd) -> {
            Tensor xt = Tensors.randomIn(b, rnd, -3, 3, x), y = b.zeros(x);
            b.softmax(log, axis, xt, y);
            if (!backward) {
                return outputs("y", y);
            }
            Tensor dy = Tensors.random(b, rnd, x), dx = b.zeros(x);
            b.softmaxBackward(log, axis, y, dy, dx);
            return outputs("dx", dx);
        });
    }
}
