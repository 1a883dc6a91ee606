package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;

/**
 * nn.LSTMCell: gate rows [i, f, g, o] in weight_ih (4H, in) and weight_hh (4H, H), two biases both added;
 * c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'). Every tensor initialised U(±1/√H) as PyTorch.
 */
public final class LstmCell extends Module {
    private final int inputSize;
    private final int hiddenSize;
    private final Parameter weightIh;
    private final Parameter weightHh;
    private final Parameter biasIh;
    private final Parameter biasHh;

    public LstmCell(Backend backend, int inputSize, int hiddenSize, boolean bias, Rng rng) {
        super(backend);
        if (inputSize < 1 || hiddenSize < 1) {
            throw new IllegalArgumentException("LstmCell: input " + inputSize + " and hidden " + hiddenSize
                    + " sizes must be ≥ 1");
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double bound = 1.0 / Math.sqrt(hiddenSize);
        weightIh = parameter("weight_ih", backend.zeros(4 * hiddenSize, inputSize));
        weightHh = parameter("weight_hh", backend.zeros(4 * hiddenSize, hiddenSize));
        biasIh = bias ? parameter("bias_ih", backend.zeros(4 * hiddenSize)) : null;
        biasHh = bias ? parameter("bias_hh", backend.zeros(4 * hiddenSize)) : null;
        for (Parameter p : parameters()) {
            Init.uniform(p.value(), -bound, bound, rng);
        }
    }

    public LstmCell(Backend backend, int inputSize, int hiddenSize, Rng rng) {
        this(backend, inputSize, hiddenSize, true, rng);
    }

    public int inputSize() {
        return inputSize;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    /** Zero hidden and cell states for a batch (constants in the current scope). */
    public LstmState zeroState(int batch, io.nextframe.core.DType dtype) {
        Shape s = Shape.of(batch, hiddenSize);
        return new LstmState(Var.constant(backend.zeros(dtype, s)), Var.constant(backend.zeros(dtype, s)));
    }

    /** One step from x (B, in) and the previous state (null: zeros). */
    public LstmState forward(Var x, LstmState state) {
        if (x.rank() != 2 || x.dim(1) != inputSize) {
            throw new IllegalArgumentException("LstmCell(" + inputSize + ", " + hiddenSize + "): input " + x.shape()
                    + ", expected (B, " + inputSize + ")");
        }
        LstmState s = state != null ? state : zeroState(x.dim(0), weightIh.value().dtype());
        return F.lstmCell(x, s.h(), s.c(), weightIh.var(), weightHh.var(),
                biasIh == null ? null : biasIh.var(), biasHh == null ? null : biasHh.var());
    }
}
