package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ReduceOp;

/** Sum, mean and max over axes, softmax and log-softmax. */
final class Reductions {

    private Reductions() {
    }

    /** Reduces over {@code axes} (all axes when empty); keepDims keeps them with size 1. */
    static Var reduce(ReduceOp op, Var x, boolean keepDims, int... axes) {
        int[] ax = axes.length == 0 ? allAxes(x.rank()) : axes;
        Backend be = x.backend();
        Tensor y = be.reduce(op, x.value(), ax);
        long count = x.value().size() / y.size();
        Var kept = Var.make(op.name().toLowerCase(), y, (gy, n) -> {
            Var spread = Broadcast.to(gy, x.shape());
            return new Var[] {switch (op) {
                case SUM -> spread;
                case MEAN -> F.div(spread, Var.constant(count(be, x, count)));
                case MAX -> F.mul(spread, Var.constant(maxMask(be, x.value(), y)));
            }};
        }, x);
        if (keepDims) {
            return kept;
        }
        int[] d = y.shape().dims();
        boolean[] reduced = new boolean[d.length];
        int left = d.length;
        for (int a : ax) {
            int i = x.shape().axis(a);
            if (!reduced[i]) {
                reduced[i] = true;
                left--;
            }
        }
        int[] out = new int[left];
        for (int i = 0, j = 0; i < d.length; i++) {
            if (!reduced[i]) {
                out[j++] = d[i];
            }
        }
        return Layout.reshape(kept, out);
    }

    /** The element count of a mean as a one-element tensor: exact, where a float scale 1/n would round. */
    private static Tensor count(Backend be, Var x, long n) {
        Tensor t = be.zeros(x.dtype(), Shape.scalar());
        be.fill(t, n);
        return t;
    }

    /** Where x equals its maximum, 1 / (number of maxima in the window), else 0: the gradient splits over ties. */
    private static Tensor maxMask(Backend be, Tensor x, Tensor max) {
        Tensor hit = be.binary(BinaryOp.EQ, x, max);
        Shape s = max.shape();
        Tensor count = be.zeros(x.dtype(), s);
        be.reduce(ReduceOp.SUM, hit, count);
        return be.binary(BinaryOp.DIV, hit, count);
    }

    private static int[] allAxes(int rank) {
        int[] a = new int[rank];
        for (int i = 0; i < rank; i++) {
            a[i] = i;
        }
        return a;
    }

    static Var softmax(boolean log, int axis, Var x) {
        Backend be = x.backend();
        Tensor y = be.zerosLike(x.value());
        be.softmax(log, axis, x.value(), y);
        Var[] out = new Var[1];
        out[0] = Var.make(log ? "logSoftmax" : "softmax", y, (gy, n) -> {
            if (!Grad.isEnabled()) {
                Tensor dx = be.zerosLike(y);
                be.softmaxBackward(log, axis, y, gy.value(), dx);
                return new Var[] {Var.constant(dx)};
            }
            Var s = out[0];
            if (log) {
                // dx = dy − e^y · Σ dy
                return new Var[] {F.sub(gy, F.mul(F.exp(s), reduce(ReduceOp.SUM, gy, true, axis)))};
            }
            // dx = y · (dy − Σ dy·y)
            return new Var[] {F.mul(s, F.sub(gy, reduce(ReduceOp.SUM, F.mul(gy, s), true, axis)))};
        }, x);
        return out[0];
    }
}
