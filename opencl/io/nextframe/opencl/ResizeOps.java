package io.nextframe.opencl;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ResizeMode;

/** Nearest and (bi,tri)linear resampling, forward and backward (kernels/resize.cl). */
final class ResizeOps extends ClOps {

    ResizeOps(ClContext ctx) {
        super(ctx);
    }

    void forward(ResizeMode mode, boolean alignCorners, Tensor x, Tensor y) {
        int n = n(y);
        n(x);
        launch("resize", "resize_fwd").i(n).i(mode.ordinal()).i(alignCorners ? 1 : 0).i4(spatial3(x))
                .i4(spatial3(y)).mem(mem(x)).i(off(x)).mem(mem(y)).i(off(y)).run1(n, LOCAL_1D);
    }

    void backward(ResizeMode mode, boolean alignCorners, Tensor dy, Tensor dx) {
        int n = n(dx);
        n(dy);
        launch("resize", "resize_bwd").i(n).i(mode.ordinal()).i(alignCorners ? 1 : 0).i4(spatial3(dx))
                .i4(spatial3(dy)).mem(mem(dy)).i(off(dy)).mem(mem(dx)).i(off(dx)).run1(n, LOCAL_1D);
    }
}
