package io.nextframe.opencl;

import io.nextframe.core.Tensor;

/** The fused LSTM cell's pointwise part, forward and backward (kernels/lstm.cl). */
final class LstmOps extends ClOps {

    LstmOps(ClContext ctx) {
        super(ctx);
    }

    void forward(Tensor gates, Tensor cPrev, Tensor h, Tensor c) {
        int b = h.dim(0), hid = h.dim(1);
        n(gates);
        launch("lstm", "lstm_cell_fwd").i(b).i(hid).mem(mem(gates)).i(off(gates)).mem(mem(cPrev)).i(off(cPrev))
                .mem(mem(h)).i(off(h)).mem(mem(c)).i(off(c)).run1((long) b * hid, LOCAL_1D);
    }

    void backward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev) {
        int b = c.dim(0), hid = c.dim(1);
        n(gates);
        launch("lstm", "lstm_cell_bwd").i(b).i(hid).mem(mem(gates)).i(off(gates)).mem(mem(cPrev)).i(off(cPrev))
                .mem(mem(c)).i(off(c)).mem(mem(dh)).i(off(dh))
                .mem(mem(dc == null ? dh : dc)).i(dc == null ? 0 : off(dc))
                .i(dc == null ? 0 : 1).mem(mem(dGates)).i(off(dGates)).mem(mem(dcPrev)).i(off(dcPrev))
                .run1((long) b * hid, LOCAL_1D);
    }
}
