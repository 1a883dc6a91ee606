package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;

import java.util.ArrayList;
import java.util.List;

/** Layout ops: views where the Tensor API offers them (permute, slice, select), copies otherwise. */
final class Layout {

    private Layout() {
    }

    static Var reshape(Var x, int... dims) {
        Tensor y = x.value().contiguous().reshape(dims);
        return Var.make("reshape", y, (gy, n) -> new Var[] {reshape(gy, x.shape().dims())}, x);
    }

    static Var permute(Var x, int... perm) {
        Tensor y = x.value().permute(perm);
        int[] inverse = new int[perm.length];
        for (int i = 0; i < perm.length; i++) {
            inverse[x.shape().axis(perm[i])] = i;
        }
        return Var.make("permute", y, (gy, n) -> new Var[] {permute(gy, inverse)}, x);
    }

    static Var slice(Var x, int axis, int start, int end) {
        Tensor y = x.value().slice(axis, start, end);
        int a = x.shape().axis(axis);
        return Var.make("slice", y, (gy, n) -> new Var[] {embed(gy, x.shape(), a, start)}, x);
    }

    static Var select(Var x, int axis, int index) {
        Tensor y = x.value().select(axis, index);
        int a = x.shape().axis(axis);
        return Var.make("select", y, (gy, n) -> {
            int[] kept = x.shape().dims();
            kept[a] = 1;
            return new Var[] {embed(reshape(gy, kept), x.shape(), a, index)};
        }, x);
    }

    /**
     * A zero tensor of {@code full} shape with g written at [start, start + g.dim(axis)) along axis: the adjoint of
     * {@link #slice}, whose own gradient is that slice.
     */
    static Var embed(Var g, Shape full, int axis, int start) {
        Backend be = g.backend();
        Tensor y = be.zeros(g.dtype(), full);
        int end = start + g.dim(axis);
        be.copy(g.value(), y.slice(axis, start, end));
        return Var.make("embed", y, (gy, n) -> new Var[] {slice(gy, axis, start, end)}, g);
    }

    static Var concat(List<Var> xs, int axis) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("concat: no inputs");
        }
        List<Tensor> values = new ArrayList<>(xs.size());
        for (Var x : xs) {
            values.add(x.value());
        }
        Backend be = xs.getFirst().backend();
        Tensor y = be.concat(values, axis);
        int a = y.shape().axis(axis);
        Var[] inputs = xs.toArray(new Var[0]);
        return Var.make("concat", y, (gy, n) -> {
            Var[] gx = new Var[inputs.length];
            int offset = 0;
            for (int i = 0; i < inputs.length; i++) {
                int len = inputs[i].dim(a);
                if (n[i]) {
                    gx[i] = slice(gy, a, offset, offset + len);
                }
                offset += len;
            }
            return gx;
        }, inputs);
    }

    /** Joins same-shaped values along a new axis. */
    static Var stack(List<Var> xs, int axis) {
        if (xs.isEmpty()) {
            throw new IllegalArgumentException("stack: no inputs");
        }
        int r = xs.getFirst().rank();
        int a = axis < 0 ? axis + r + 1 : axis;
        if (a < 0 || a > r) {
            throw new IllegalArgumentException("stack: axis " + axis + " out of range for rank-" + r + " inputs");
        }
        List<Var> expanded = new ArrayList<>(xs.size());
        for (Var x : xs) {
            if (!x.shape().equals(xs.getFirst().shape())) {
                throw new IllegalArgumentException("stack: shapes " + xs.getFirst().shape() + " and " + x.shape()
                        + " differ");
            }
            int[] d = new int[r + 1];
            for (int i = 0, j = 0; i <= r; i++) {
                d[i] = i == a ? 1 : x.dim(j++);
            }
            expanded.add(reshape(x, d));
        }
        return concat(expanded, a);
    }
}
