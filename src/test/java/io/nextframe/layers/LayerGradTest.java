package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

/** Finite-difference checks of parameter gradients through representative layers built on F (F64). */
class LayerGradTest {
    private final Backend be = Backends.get("reference");
    private final Random random = new Random(5);
    private final List<Tensor> inputs = new java.util.ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeInputs() {
        inputs.forEach(Tensor::close);
    }

    private Tensor input(int... dims) {
        double[] d = new double[(int) Shape.of(dims).size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = random.nextDouble() * 2 - 1;
        }
        Tensor t = be.unscoped(be.fromDoubles(Shape.of(dims), d));
        inputs.add(t);
        return t;
    }

    /** A fixed random projection so the loss depends on every output element differently. */
    private Var weigh(Var y, Tensor proj) {
        return F.sum(F.mul(y, Var.constant(proj)));
    }

    @Test
    void convBatchNormLeakyReluStack() {
        Rng rng = new Rng(1);
        try (Sequential net = new Sequential(be, Conv.conv2d(be, 2, 3, 3, 2, 1, rng), new BatchNorm(be, 3),
                Activation.leakyRelu(be, 0.2f), ConvTranspose.convTranspose2d(be, 3, 2, 4, 2, 1, rng))) {
            net.to(DType.F64);
            Tensor x = input(2, 2, 6, 6), proj = input(2, 2, 6, 6);
            LayerGradCheck.check("conv-bn-lrelu-convT", net, () -> weigh(net.forward(Var.constant(x)), proj), 12);
        }
    }

    @Test
    void layerNormAndLinear() {
        Rng rng = new Rng(2);
        try (Sequential net = new Sequential(be, new Linear(be, 5, 6, rng), new LayerNorm(be, 6),
                Activation.tanh(be), new Linear(be, 6, 3, rng))) {
            net.to(DType.F64);
            // LayerNorm's affine starts at (1, 0): perturb it so its gradient is checked away from the identity
            for (Parameter p : net.get(1).parameters()) {
                double[] w = p.value().toDoubleArray();
                for (int i = 0; i < w.length; i++) {
                    w[i] += random.nextDouble() * 0.5;
                }
                LayerGradCheck.set(be, p.value(), w);
            }
            Tensor x = input(4, 5), proj = input(4, 3);
            LayerGradCheck.check("linear-layernorm", net, () -> weigh(net.forward(Var.constant(x)), proj), 12);
        }
    }

    @Test
    void lstmStackOverTwoSteps() {
        try (LstmStack lstm = new LstmStack(be, 3, 4, 2, new Rng(3))) {
            lstm.to(DType.F64);
            Tensor x0 = input(2, 3), x1 = input(2, 3), proj = input(2, 4);
            LayerGradCheck.check("lstm stack", lstm, () -> {
                List<LstmState> s = lstm.forward(Var.constant(x0), null);
                s = lstm.forward(Var.constant(x1), s);
                return F.add(weigh(s.getLast().h(), proj), F.sum(s.getFirst().c()));
            }, 10);
        }
    }

    @Test
    void convLstmCellOverTwoSteps() {
        try (ConvLstmCell cell = new ConvLstmCell(be, 2, 3, 3, new Rng(4))) {
            cell.to(DType.F64);
            Tensor x0 = input(1, 2, 4, 4), x1 = input(1, 2, 4, 4), proj = input(1, 3, 4, 4);
            LayerGradCheck.check("conv lstm", cell, () -> {
                LstmState s = cell.forward(Var.constant(x0), null);
                s = cell.forward(Var.constant(x1), s);
                return weigh(s.h(), proj);
            }, 12);
        }
    }

    @Test
    void dynamicFilterHeadTrainsThroughSoftmaxAndLocalFilter() {
        // DFN's head: a 1×1 conv to k² logits, softmax over taps, filtering of the input frame
        try (Conv head = new Conv(be, 2, 9, new int[] {1, 1}, io.nextframe.core.ops.ConvSpec.of(2, 1, 0), false,
                new Rng(6))) {
            head.to(DType.F64);
            DynamicLocalFilter dlf = new DynamicLocalFilter(be, 3);
            Tensor feat = input(2, 2, 5, 5), frame = input(2, 1, 5, 5), proj = input(2, 1, 5, 5);
            LayerGradCheck.check("dynamic filter head", head,
                    () -> weigh(dlf.forward(Var.constant(frame), head.forward(Var.constant(feat))), proj), 18);
        }
    }

    @Test
    void dynamicConvolutionThroughAGeneratingLinear() {
        try (Linear gen = new Linear(be, 3, 2 * 2 * 3 * 3, new Rng(7))) {
            gen.to(DType.F64);
            DynamicConvolution dc = DynamicConvolution.same(be, 3);
            Tensor code = input(2, 3), x = input(2, 2, 4, 4), proj = input(2, 2, 4, 4);
            LayerGradCheck.check("dynamic convolution", gen, () -> {
                Var filters = F.reshape(gen.forward(Var.constant(code)), 2, 2, 2, 3, 3);
                return weigh(dc.forward(Var.constant(x), filters), proj);
            }, 12);
        }
    }
}
