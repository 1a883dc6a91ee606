package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;

import java.util.List;
import java.util.Random;

import static io.nextframe.testing.OpCase.outputs;

/** The fused LSTM cell, forward and backward (with and without a gradient arriving at c). */
final class RecurrentCases {
    private static final long BASE = 71;

    private RecurrentCases() {
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        int index = 0;
        for (int i = 0; i < 6; i++) {
            int batch = g.size(4), hidden = g.size(21);
            out.add(lstm(index++, batch, hidden, false, false));
            out.add(lstm(index++, batch, hidden, true, i % 2 == 0));
        }
    }

    static OpCase lstm(int index, int batch, int hidden, boolean backward, boolean withDc) {
        String name = "lstm cell " + (backward ? "bwd" : "fwd") + " B" + batch + " H" + hidden
                + (withDc ? " +dc" : "");
        return new OpCase(name, OpCases.seed(BASE, index), 1, (Backend b, Random rnd) -> {
            Tensor gates = Tensors.randomIn(b, rnd, -3, 3, batch, 4 * hidden);
            Tensor cPrev = Tensors.random(b, rnd, batch, hidden);
            Tensor h = b.zeros(batch, hidden), c = b.zeros(batch, hidden);
            b.lstmCellForward(gates, cPrev, h, c);
            if (!backward) {
                return outputs("h", h, "c", c);
            }
            Tensor dh = Tensors.random(b, rnd, batch, hidden);
            Tensor dc = withDc ? Tensors.random(b, rnd, batch, hidden) : null;
            Tensor dGates = b.zeros(batch, 4 * hidden), dcPrev = b.zeros(batch, hidden);
            b.lstmCellBackward(gates, cPrev, c, dh, dc, dGates, dcPrev);
            return outputs("dGates", dGates, "dcPrev", dcPrev);
        });
    }
}
