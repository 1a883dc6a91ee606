package io.nextframe.core.reference;

import io.nextframe.core.Tensor;

/** The pointwise part of an LSTM cell; gates (B, 4H) hold pre-activations in the order [i, f, g, o]. */
final class ReferenceRecurrent {
    private ReferenceRecurrent() {
    }

    static void lstmCellForward(Tensor gates, Tensor cPrev, Tensor h, Tensor c) {
        double[] gv = TensorData.load(gates), cp = TensorData.load(cPrev);
        int batch = cPrev.dim(0), hid = cPrev.dim(1);
        double[] hv = new double[cp.length], cv = new double[cp.length];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < hid; j++) {
                int row = b * 4 * hid, e = b * hid + j;
                double i = sigmoid(gv[row + j]), f = sigmoid(gv[row + hid + j]);
                double g = Math.tanh(gv[row + 2 * hid + j]), o = sigmoid(gv[row + 3 * hid + j]);
                cv[e] = f * cp[e] + i * g;
                hv[e] = o * Math.tanh(cv[e]);
            }
        }
        TensorData.store(h, hv);
        TensorData.store(c, cv);
    }

    /** The gradient at c is dc + dh·σ(o)·(1 − tanh²c); it flows to the gates and, through σ(f), to cPrev. */
    static void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates,
                                 Tensor dcPrev) {
        double[] gv = TensorData.load(gates), cp = TensorData.load(cPrev), cv = TensorData.load(c);
        double[] dhv = TensorData.load(dh), dcv = TensorData.load(dc);
        int batch = cPrev.dim(0), hid = cPrev.dim(1);
        double[] dg = new double[gv.length], dcp = new double[cp.length];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < hid; j++) {
                int row = b * 4 * hid, e = b * hid + j;
                double i = sigmoid(gv[row + j]), f = sigmoid(gv[row + hid + j]);
                double g = Math.tanh(gv[row + 2 * hid + j]), o = sigmoid(gv[row + 3 * hid + j]);
                double tc = Math.tanh(cv[e]);
                double dcTotal = (dcv == null ? 0 : dcv[e]) + dhv[e] * o * (1 - tc * tc);
                dg[row + j] = dcTotal * g * i * (1 - i);
                dg[row + hid + j] = dcTotal * cp[e] * f * (1 - f);
                dg[row + 2 * hid + j] = dcTotal * i * (1 - g * g);
                dg[row + 3 * hid + j] = dhv[e] * tc * o * (1 - o);
                dcp[e] = dcTotal * f;
            }
        }
        TensorData.store(dGates, dg);
        TensorData.store(dcPrev, dcp);
    }

    private static double sigmoid(double x) {
        return ReferencePointwise.sigmoid(x);
    }
}
