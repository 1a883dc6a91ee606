package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.UnaryOp;

import java.util.List;
import java.util.Random;

import static io.nextframe.testing.OpCase.outputs;
import static io.nextframe.testing.Tensors.dims;

/** Every unary op forward and backward on its domain, every binary op over broadcasting shapes. */
final class PointwiseCases {
    private static final long BASE = 53;

    private PointwiseCases() {
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        int index = 0;
        for (UnaryOp op : UnaryOp.values()) {
            int[] d = g.sizes(g.between(1, 4), 13);
            out.add(unary(index++, op, d, false));
            out.add(unary(index++, op, d, true));
        }
        int[][][] shapes = {
                {{3, 1, 5}, {1, 4, 5}},
                {{2, 7}, {7}},
                {{6, 5}, {1}},
                {{1}, {4, 3, 2}},
                {{2, 3, 4, 5}, {2, 3, 4, 5}},
                {{33}, {33}},
                {{5, 1, 1, 3}, {1, 3, 7, 1}},
        };
        for (BinaryOp op : BinaryOp.values()) {
            for (int[][] s : shapes) {
                out.add(binary(index++, op, s[0], s[1], false));
            }
        }
        out.add(binary(index++, BinaryOp.ADD, new int[] {4, 9}, new int[] {9}, true));
        out.add(binary(index, BinaryOp.MUL, new int[] {2, 3, 5}, new int[] {3, 1}, true));
    }

    /** Parameters a, b that exercise each op's scalar arguments. */
    private static float[] params(UnaryOp op) {
        return switch (op) {
            case LEAKY_RELU -> new float[] {0.1f, 0f};
            case CLAMP -> new float[] {-0.3f, 0.5f};
            case AFFINE -> new float[] {1.7f, -0.2f};
            case POW -> new float[] {2.5f, 0f};
            case GREATER_THAN -> new float[] {0.1f, 0f};
            default -> new float[] {0f, 0f};
        };
    }

    /** Inputs inside the op's domain and away from its poles. */
    private static float[] domain(UnaryOp op, Random rnd, int n) {
        return switch (op) {
            case SQRT, LOG, POW -> Tensors.uniform(rnd, n, 0.25, 2);
            case RECIPROCAL -> {
                float[] v = Tensors.uniform(rnd, n, 0.5, 2);
                for (int i = 0; i < n; i += 2) {
                    v[i] = -v[i];
                }
                yield v;
            }
            case EXP, SOFTPLUS, SIGMOID, TANH -> Tensors.uniform(rnd, n, -4, 4);
            default -> Tensors.uniform(rnd, n, -2, 2);
        };
    }

    static OpCase unary(int index, UnaryOp op, int[] d, boolean backward) {
        float[] p = params(op);
        String name = "unary " + op.name().toLowerCase() + (backward ? " bwd " : " fwd ") + dims(d);
        return new OpCase(name, OpCases.seed(BASE, index), 1, (Backend b, Random rnd) -> {
            Shape s = Shape.of(d);
            Tensor x = b.fromFloats(s, domain(op, rnd, Math.toIntExact(s.size())));
            Tensor y = b.unary(op, p[0], p[1], x);
            if (!backward) {
                return outputs("y", y);
            }
            Tensor dy = Tensors.random(b, rnd, d), dx = b.zeros(s);
            b.unaryBackward(op, p[0], p[1], x, y, dy, dx);
            return outputs("dx", dx);
        });
    }

    /** Comparisons and min/max draw small integers so that ties occur; DIV keeps the divisor away from 0. */
    static OpCase binary(int index, BinaryOp op, int[] ad, int[] bd, boolean inPlace) {
        String name = "binary " + op.name().toLowerCase() + " " + dims(ad) + " " + dims(bd) + (inPlace ? " in place"
                : "");
        return new OpCase(name, OpCases.seed(BASE, index), 1, (Backend b, Random rnd) -> {
            Shape as = Shape.of(ad), bs = Shape.of(bd);
            boolean ties = op == BinaryOp.EQ || op == BinaryOp.GT || op == BinaryOp.GE || op == BinaryOp.MAX
                    || op == BinaryOp.MIN;
            Tensor a = b.fromFloats(as, ties ? Tensors.levels(rnd, Math.toIntExact(as.size()), 3)
                    : Tensors.uniform(rnd, Math.toIntExact(as.size()), -2, 2));
            Tensor bb = b.fromFloats(bs, ties ? Tensors.levels(rnd, Math.toIntExact(bs.size()), 3)
                    : op == BinaryOp.DIV ? Tensors.uniform(rnd, Math.toIntExact(bs.size()), 0.5, 2)
                    : Tensors.uniform(rnd, Math.toIntExact(bs.size()), -2, 2));
            if (inPlace) {
                b.binary(op, a, bb, a);
                return outputs("a", a);
            }
            return outputs("y", b.binary(op, a, bb));
        });
    }
}
