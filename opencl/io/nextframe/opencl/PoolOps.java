package io.nextframe.opencl;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.PoolSpec;

/** Max / average pooling in 1–3 spatial dims (kernels/pool.cl); backward gathers, so it needs no atomics. */
final class PoolOps extends ClOps {

    PoolOps(ClContext ctx) {
        super(ctx);
    }

    void forward(PoolSpec spec, Tensor x, Tensor y) {
        int n = n(y);
        n(x);
        launch("pool", "pool_fwd").i(n).i(spec.kind() == PoolSpec.Kind.MAX ? 1 : 0).i4(spatial3(x)).i4(spatial3(y))
                .i4(pad3(spec.kernel(), 1)).i4(pad3(spec.stride(), 1)).i4(pad3(spec.padding(), 0))
                .mem(mem(x)).i(off(x)).mem(mem(y)).i(off(y)).run1(n, LOCAL_1D);
    }

    void backward(PoolSpec spec, Tensor x, Tensor dy, Tensor dx) {
        int n = n(dx);
        n(dy);
        launch("pool", "pool_bwd").i(n).i(spec.kind() == PoolSpec.Kind.MAX ? 1 : 0).i4(spatial3(x))
                .i4(spatial3(dy)).i4(pad3(spec.kernel(), 1)).i4(pad3(spec.stride(), 1)).i4(pad3(spec.padding(), 0))
                .mem(mem(x)).i(off(x)).mem(mem(dy)).i(off(dy)).mem(mem(dx)).i(off(dx)).run1(n, LOCAL_1D);
    }
}
