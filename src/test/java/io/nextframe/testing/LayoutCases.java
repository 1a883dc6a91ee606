package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.nextframe.testing.OpCase.outputs;
import static io.nextframe.testing.Tensors.dims;

/** copy between strided views, fill, concat on every axis, and ops fed with non-contiguous views. */
final class LayoutCases {
    private static final long BASE = 7;

    private LayoutCases() {
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        int index = 0;
        out.add(new OpCase("layout fill [5,7,3]", OpCases.seed(BASE, index++), 1, (Backend b, Random rnd) -> {
            Tensor t = b.zeros(5, 7, 3);
            b.fill(t, -2.5f);
            return outputs("t", t);
        }));
        out.add(new OpCase("layout copy permuted [3,4,5] → (2,0,1) into a slice", OpCases.seed(BASE, index++), 1,
                (Backend b, Random rnd) -> {
                    Tensor src = Tensors.random(b, rnd, 3, 4, 5).permute(2, 0, 1);
                    Tensor base = b.zeros(7, 3, 4);
                    b.copy(src, base.slice(0, 1, 6));
                    return outputs("dst", base, "copyOf", b.copyOf(src));
                }));
        out.add(new OpCase("layout copy select/slice view [6,5,4] → transposed destination", OpCases.seed(BASE, index++),
                1, (Backend b, Random rnd) -> {
                    Tensor src = Tensors.random(b, rnd, 6, 5, 4).select(1, 2).slice(0, 1, 5);
                    Tensor base = b.zeros(4, 4);
                    b.copy(src, base.permute(1, 0));
                    return outputs("dst", base);
                }));
        for (int i = 0; i < 6; i++) {
            int rank = g.between(1, 4), axis = g.between(0, rank - 1), parts = g.between(1, 4);
            int[] d = g.sizes(rank, 7);
            List<int[]> shapes = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                int[] s = d.clone();
                s[axis] = g.size(6);
                shapes.add(s);
            }
            out.add(concat(index++, shapes, axis));
        }
        out.add(new OpCase("layout gemm on transposed views [9,7]ᵀ·[5,9]ᵀ", OpCases.seed(BASE, index++), 9,
                (Backend b, Random rnd) -> {
                    Tensor a = Tensors.random(b, rnd, 9, 7).permute(1, 0), bb = Tensors.random(b, rnd, 5, 9);
                    Tensor c = b.zeros(7, 5);
                    b.gemm(false, false, 1f, a, bb.permute(1, 0), 0f, c);
                    return outputs("C", c);
                }));
        out.add(new OpCase("layout conv2d into a channel slice of a wider output", OpCases.seed(BASE, index), 18,
                (Backend b, Random rnd) -> {
                    Tensor x = Tensors.random(b, rnd, 2, 2, 6, 5), w = Tensors.random(b, rnd, 3, 2, 3, 3);
                    Tensor y = b.zeros(2, 5, 4, 3);
                    b.convForward(io.nextframe.core.ops.ConvSpec.of(2, 1, 0), x, w, null, y.slice(1, 1, 4));
                    return outputs("y", y);
                }));
    }

    static OpCase concat(int index, List<int[]> shapes, int axis) {
        StringBuilder name = new StringBuilder("layout concat axis " + axis);
        for (int[] s : shapes) {
            name.append(' ').append(dims(s));
        }
        return new OpCase(name.toString(), OpCases.seed(BASE, index), 1, (Backend b, Random rnd) -> {
            List<Tensor> ins = new ArrayList<>();
            for (int[] s : shapes) {
                ins.add(Tensors.random(b, rnd, s));
            }
            return outputs("out", b.concat(ins, axis));
        });
    }
}
