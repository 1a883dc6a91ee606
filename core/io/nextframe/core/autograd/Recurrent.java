package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;

/** The LSTM cell: gates from two linear maps, then the fused pointwise kernel (gate order i, f, g, o). */
final class Recurrent {

    private Recurrent() {
    }

    /**
     * One step as PyTorch's LSTMCell: gates = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, W_ih (4H, in), W_hh (4H, H);
     * biases may be null. h and c are (B, H).
     */
    static LstmState lstmCell(Var x, Var h, Var c, Var wIh, Var wHh, Var bIh, Var bHh) {
        Var gates = F.add(F.linear(x, wIh, bIh), F.linear(h, wHh, bHh));
        int hidden = gates.dim(1) / 4;
        if (gates.dim(1) != 4 * hidden || !c.shape().equals(Shape.of(gates.dim(0), hidden))) {
            throw new IllegalArgumentException("lstmCell: gates " + gates.shape() + " need (B, 4H) and c " + c.shape()
                    + " (B, H)");
        }
        Backend be = x.backend();
        // h and c in one tensor so that the cell is one node with one output; both are views of it
        Tensor hc = be.zeros(x.dtype(), Shape.of(gates.dim(0), 2 * hidden));
        Tensor cNext = hc.slice(1, hidden, 2 * hidden);
        be.lstmCellForward(gates.value(), c.value(), hc.slice(1, 0, hidden), cNext);
        Var both = Var.make("lstmCell", hc, (gy, n) -> {
            FirstOrder.require("lstmCell");
            Tensor dGates = be.zerosLike(gates.value());
            Tensor dcPrev = be.zerosLike(c.value());
            be.lstmCellBackward(gates.value(), c.value(), cNext, gy.value().slice(1, 0, hidden),
                    gy.value().slice(1, hidden, 2 * hidden), dGates, dcPrev);
            return new Var[] {Var.constant(dGates), Var.constant(dcPrev)};
        }, gates, c);
        return new LstmState(F.slice(both, 1, 0, hidden), F.slice(both, 1, hidden, 2 * hidden));
    }
}
