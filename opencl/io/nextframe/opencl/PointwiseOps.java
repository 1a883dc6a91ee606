package io.nextframe.opencl;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.UnaryOp;

/** Unary ops, their derivatives, and broadcasting binary ops (kernels/pointwise.cl; op codes are enum ordinals). */
final class PointwiseOps extends ClOps {

    PointwiseOps(ClContext ctx) {
        super(ctx);
    }

    void unary(UnaryOp op, float a, float b, Tensor x, Tensor y) {
        int n = n(x);
        launch("pointwise", "unary_fwd").i(n).i(op.ordinal()).f(a).f(b).mem(mem(x)).i(off(x)).mem(mem(y)).i(off(y))
                .run1(n, LOCAL_1D);
    }

    void unaryBackward(UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        int n = n(dy);
        launch("pointwise", "unary_bwd").i(n).i(op.ordinal()).f(a).f(b)
                .mem(mem(x == null ? dy : x)).i(x == null ? 0 : off(x)).i(x == null ? 0 : 1)
                .mem(mem(y == null ? dy : y)).i(y == null ? 0 : off(y)).i(y == null ? 0 : 1)
                .mem(mem(dy)).i(off(dy)).mem(mem(dx)).i(off(dx)).run1(n, LOCAL_1D);
    }

    void binary(BinaryOp op, Tensor a, Tensor b, Tensor y) {
        int n = n(y);
        n(a);
        n(b);
        if (a.shape().equals(y.shape()) && b.shape().equals(y.shape())) {
            launch("pointwise", "binary_same").i(n).i(op.ordinal()).mem(mem(a)).i(off(a)).mem(mem(b)).i(off(b))
                    .mem(mem(y)).i(off(y)).run1(n, LOCAL_1D);
            return;
        }
        if (y.rank() > LayoutOps.MAX_RANK) {
            throw new IllegalArgumentException(op.name().toLowerCase() + ": broadcasting over rank " + y.rank()
                    + " (" + y.shape() + ") exceeds the OpenCL backend's " + LayoutOps.MAX_RANK + " axes");
        }
        launch("pointwise", "binary_bcast").i(n).i(op.ordinal()).i(y.rank()).i8(y.shape().dims())
                .mem(mem(a)).i(off(a)).i8(broadcastStrides(a, y)).mem(mem(b)).i(off(b)).i8(broadcastStrides(b, y))
                .mem(mem(y)).i(off(y)).run1(n, LOCAL_1D);
    }

    /** Contiguous strides of t with 0 on the axes it is broadcast along (same rank as y). */
    private static int[] broadcastStrides(Tensor t, Tensor y) {
        long[] s = t.shape().contiguousStrides();
        int[] r = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            r[i] = t.dim(i) == 1 && y.dim(i) != 1 ? 0 : (int) s[i];
        }
        return r;
    }
}
