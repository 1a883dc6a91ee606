package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;

import java.util.List;

/**
 * Convolutional LSTM cell (Shi et al. 2015, without peepholes): one 2-d convolution ("conv": weight
 * (4H, in + H, k, k), bias) over cat(x, h) gives the gates [i, f, g, o] on axis 1 in PyTorch's LSTM order;
 * c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'). 'Same' padding keeps the spatial size.
 */
public final class ConvLstmCell extends Module {
    private final int inputChannels;
    private final int hiddenChannels;
    private final Conv conv;

    public ConvLstmCell(Backend backend, int inputChannels, int hiddenChannels, int kernel, Rng rng) {
        super(backend);
        if (kernel % 2 == 0) {
            throw new IllegalArgumentException("ConvLstmCell: kernel " + kernel + " must be odd for 'same' padding");
        }
        this.inputChannels = inputChannels;
        this.hiddenChannels = hiddenChannels;
        this.conv = child("conv", new Conv(backend, inputChannels + hiddenChannels, 4 * hiddenChannels,
                new int[] {kernel, kernel}, ConvSpec.of(2, 1, kernel / 2), true, rng));
    }

    public Conv conv() {
        return conv;
    }

    /** One step from x (B, in, H, W) and the previous state (null: zeros), each (B, hidden, H, W). */
    public LstmState forward(Var x, LstmState state) {
        if (x.rank() != 4 || x.dim(1) != inputChannels) {
            throw new IllegalArgumentException("ConvLstmCell(" + inputChannels + ", " + hiddenChannels
                    + "): input " + x.shape() + ", expected (B, " + inputChannels + ", H, W)");
        }
        Var h, c;
        if (state == null) {
            Shape s = Shape.of(x.dim(0), hiddenChannels, x.dim(2), x.dim(3));
            h = Var.constant(backend.zeros(x.dtype(), s));
            c = Var.constant(backend.zeros(x.dtype(), s));
        } else {
            h = state.h();
            c = state.c();
        }
        Var gates = conv.forward(F.concat(List.of(x, h), 1));
        int n = hiddenChannels;
        Var i = F.sigmoid(F.slice(gates, 1, 0, n));
        Var f = F.sigmoid(F.slice(gates, 1, n, 2 * n));
        Var g = F.tanh(F.slice(gates, 1, 2 * n, 3 * n));
        Var o = F.sigmoid(F.slice(gates, 1, 3 * n, 4 * n));
        Var cNext = F.add(F.mul(f, c), F.mul(i, g));
        return new LstmState(F.mul(o, F.tanh(cNext)), cNext);
    }
}
