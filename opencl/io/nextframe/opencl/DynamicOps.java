package io.nextframe.opencl;

import io.nextframe.core.Tensor;

/** Dynamic local filtering (DFN) and cross convolution, forward and backward (kernels/dynamic.cl). */
final class DynamicOps extends ClOps {

    DynamicOps(ClContext ctx) {
        super(ctx);
    }

    void localFilterForward(Tensor x, Tensor filters, int kh, int kw, Tensor y) {
        int n = n(x);
        n(filters);
        launch("dynamic", "local_filter_fwd").i(x.dim(0)).i(x.dim(1)).i(x.dim(2)).i(x.dim(3)).i(kh).i(kw)
                .mem(mem(x)).i(off(x)).mem(mem(filters)).i(off(filters)).mem(mem(y)).i(off(y)).run1(n, LOCAL_1D);
    }

    void localFilterBackward(Tensor x, Tensor filters, int kh, int kw, Tensor dy, Tensor dx, Tensor dFilters) {
        int n = n(x), nf = n(dFilters);
        launch("dynamic", "local_filter_bwd_data").i(x.dim(0)).i(x.dim(1)).i(x.dim(2)).i(x.dim(3)).i(kh).i(kw)
                .mem(mem(filters)).i(off(filters)).mem(mem(dy)).i(off(dy)).mem(mem(dx)).i(off(dx)).run1(n, LOCAL_1D);
        launch("dynamic", "local_filter_bwd_filters").i(x.dim(0)).i(x.dim(1)).i(x.dim(2)).i(x.dim(3)).i(kh).i(kw)
                .mem(mem(x)).i(off(x)).mem(mem(dy)).i(off(dy)).mem(mem(dFilters)).i(off(dFilters))
                .run1(nf, LOCAL_1D);
    }

    private static ClLaunch crossArgs(ClLaunch l, Tensor x, Tensor k, int padH, int padW, Tensor y) {
        return l.i((long) x.dim(0) * x.dim(1)).i(x.dim(2)).i(x.dim(3)).i(k.dim(2)).i(k.dim(3)).i(padH).i(padW)
                .i(y.dim(2)).i(y.dim(3));
    }

    void crossConvForward(Tensor x, Tensor k, int padH, int padW, Tensor y) {
        int n = n(y);
        n(x);
        crossArgs(launch("dynamic", "cross_conv_fwd"), x, k, padH, padW, y).mem(mem(x)).i(off(x)).mem(mem(k))
                .i(off(k)).mem(mem(y)).i(off(y)).run1(n, LOCAL_1D);
    }

    void crossConvBackward(Tensor x, Tensor k, int padH, int padW, Tensor dy, Tensor dx, Tensor dk) {
        int nx = n(dx), nk = n(dk);
        n(dy);
        crossArgs(launch("dynamic", "cross_conv_bwd_data"), x, k, padH, padW, dy).mem(mem(k)).i(off(k))
                .mem(mem(dy)).i(off(dy)).mem(mem(dx)).i(off(dx)).run1(nx, LOCAL_1D);
        crossArgs(launch("dynamic", "cross_conv_bwd_kernel"), x, k, padH, padW, dy).mem(mem(x)).i(off(x))
                .mem(mem(dy)).i(off(dy)).mem(mem(dk)).i(off(dk)).run1(nk, LOCAL_1D);
    }
}
