package io.nextframe.core;

import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.core.ops.UnaryOp;

import java.util.Arrays;

/**
 * Runs the op a fixture describes (its {@code "op"} metadata) through the checked {@link Backend} front and checks
 * every output and gradient PyTorch recorded. One method per op family, written as PyTorch users know the op.
 */
final class TorchFixtureOps {
    private TorchFixtureOps() {
    }

    static void run(TorchFixture f) {
        String op = f.meta("op");
        switch (op) {
            case "conv" -> conv(f);
            case "conv_transpose" -> convTranspose(f);
            case "batch_norm" -> batchNorm(f);
            case "lstm_cell" -> lstmCell(f);
            case "pool" -> pool(f);
            case "resize" -> resize(f);
            case "softmax" -> softmax(f);
            case "unary" -> unary(f);
            default -> throw new AssertionError("fixture op \"" + op + "\" has no runner in TorchFixtureOps");
        }
    }

    private static ConvSpec convSpec(TorchFixture f) {
        return new ConvSpec(f.ints("stride"), f.ints("padding"), f.ints("dilation"), f.integer("groups"));
    }

    /** F.conv{1,2,3}d(x, w, b) and, where dy is given, its gradients dx, dw, db. */
    private static void conv(TorchFixture f) {
        Backend be = f.backend();
        ConvSpec spec = convSpec(f);
        Tensor x = f.in("x"), w = f.in("w"), b = f.in("b");
        f.check("y", be.conv(spec, x, w, b));
        if (f.has("dy")) {
            Tensor dy = f.in("dy"), dx = f.zerosLike("x"), dw = f.zerosLike("w"), db = f.zerosLike("b");
            be.convBackwardData(spec, dy, w, dx);
            be.convBackwardWeight(spec, x, dy, dw, db);
            f.check("dx", dx);
            f.check("dw", dw);
            f.check("db", db);
        }
    }

    /**
     * F.conv_transposeNd(x, w, b, output_padding) with w (Cin, Cout, *k). Its gradients, as the adjoint of
     * convolution: dx = conv(dy, w); dw = convBackwardWeight with the roles of input and output swapped; db = Σ dy.
     */
    private static void convTranspose(TorchFixture f) {
        Backend be = f.backend();
        ConvSpec spec = convSpec(f);
        Tensor x = f.in("x"), w = f.in("w"), b = f.in("b");
        f.check("y", be.convTranspose(spec, x, w, b, f.ints("output_padding")));
        if (f.has("dy")) {
            Tensor dy = f.in("dy"), dw = f.zerosLike("w");
            f.check("dx", be.conv(spec, dy, w, null));
            be.convBackwardWeight(spec, dy, x, dw, null);
            f.check("dw", dw);
            int[] axes = new int[dy.rank() - 1];
            axes[0] = 0;
            for (int i = 1; i < axes.length; i++) {
                axes[i] = i + 1;
            }
            f.check("db", be.reduce(ReduceOp.SUM, dy, axes));
        }
    }

    /** F.batch_norm in training (batch stats, running update with momentum) or evaluation mode, and its backward. */
    private static void batchNorm(TorchFixture f) {
        Backend be = f.backend();
        boolean training = f.flag("training");
        Tensor x = f.in("x"), gamma = f.in("gamma"), beta = f.in("beta");
        Tensor runningMean = f.in("running_mean"), runningVar = f.in("running_var");
        Tensor y = f.zerosLike("x"), saveMean = f.zerosLike("gamma"), saveInvStd = f.zerosLike("gamma");
        be.batchNormForward(x, gamma, beta, runningMean, runningVar, training, f.number("momentum"),
                f.number("eps"), y, saveMean, saveInvStd);
        f.check("y", y);
        f.check("running_mean_out", runningMean);
        f.check("running_var_out", runningVar);
        Tensor dx = f.zerosLike("x"), dgamma = f.zerosLike("gamma"), dbeta = f.zerosLike("beta");
        be.batchNormBackward(x, gamma, saveMean, saveInvStd, training, f.in("dy"), dx, dgamma, dbeta);
        f.check("dx", dx);
        f.check("dgamma", dgamma);
        f.check("dbeta", dbeta);
    }

    /**
     * nn.LSTMCell: gates = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh (rows i, f, g, o), then the fused cell; backward with
     * upstream dh and dc, the input-side gradients from dGates by GEMM.
     */
    private static void lstmCell(TorchFixture f) {
        Backend be = f.backend();
        Tensor x = f.in("x"), h0 = f.in("h0"), c0 = f.in("c0");
        Tensor wIh = f.in("weight_ih"), wHh = f.in("weight_hh");
        Tensor gates = be.matmul(x, false, wIh, true);
        be.gemm(false, true, 1f, h0, wHh, 1f, gates);
        be.binary(io.nextframe.core.ops.BinaryOp.ADD, gates, f.in("bias_ih"), gates);
        be.binary(io.nextframe.core.ops.BinaryOp.ADD, gates, f.in("bias_hh"), gates);
        Tensor h1 = f.zerosLike("h1"), c1 = f.zerosLike("c1");
        be.lstmCellForward(gates, c0, h1, c1);
        f.check("h1", h1);
        f.check("c1", c1);

        Tensor dGates = be.zerosLike(gates), dc0 = f.zerosLike("c0");
        be.lstmCellBackward(gates, c0, c1, f.in("dh"), f.in("dc"), dGates, dc0);
        f.check("dc0", dc0);
        f.check("dx", be.matmul(dGates, false, wIh, false));
        f.check("dh0", be.matmul(dGates, false, wHh, false));
        f.check("dweight_ih", be.matmul(dGates, true, x, false));
        f.check("dweight_hh", be.matmul(dGates, true, h0, false));
        Tensor db = be.reduce(ReduceOp.SUM, dGates, 0);
        f.check("dbias_ih", db);
        f.check("dbias_hh", db);
    }

    /** F.max_pool2d / F.avg_pool2d (count_include_pad) and their backward. */
    private static void pool(TorchFixture f) {
        Backend be = f.backend();
        PoolSpec.Kind kind = PoolSpec.Kind.valueOf(f.meta("kind").toUpperCase());
        PoolSpec spec = new PoolSpec(kind, f.ints("kernel"), f.ints("stride"), f.ints("padding"));
        Tensor x = f.in("x");
        f.check("y", be.pool(spec, x));
        Tensor dx = f.zerosLike("x");
        be.poolBackward(spec, x, f.in("dy"), dx);
        f.check("dx", dx);
    }

    /** F.interpolate to the fixture's output size (nearest, or (bi/tri)linear with align_corners). */
    private static void resize(TorchFixture f) {
        Backend be = f.backend();
        ResizeMode mode = ResizeMode.valueOf(f.meta("mode").toUpperCase());
        boolean align = f.flag("align_corners");
        Tensor y = f.zerosLike("y");
        be.resizeForward(mode, align, f.in("x"), y);
        f.check("y", y);
        if (f.has("dy")) {
            Tensor dx = f.zerosLike("x");
            be.resizeBackward(mode, align, f.in("dy"), dx);
            f.check("dx", dx);
        }
    }

    /** F.softmax / F.log_softmax along an axis, and the backward from the output. */
    private static void softmax(TorchFixture f) {
        Backend be = f.backend();
        boolean log = f.flag("log");
        int axis = f.integer("axis");
        Tensor y = f.zerosLike("x");
        be.softmax(log, axis, f.in("x"), y);
        f.check("y", y);
        Tensor dx = f.zerosLike("x");
        be.softmaxBackward(log, axis, y, f.in("dy"), dx);
        f.check("dx", dx);
    }

    /** Pointwise activations and their derivatives. */
    private static void unary(TorchFixture f) {
        Backend be = f.backend();
        UnaryOp op = switch (f.meta("fn")) {
            case "leaky_relu" -> UnaryOp.LEAKY_RELU;
            case "sigmoid" -> UnaryOp.SIGMOID;
            case "tanh" -> UnaryOp.TANH;
            default -> throw new AssertionError("unknown unary fn " + f.meta("fn") + " in " + Arrays.toString(
                    f.meta().keySet().toArray()));
        };
        float a = f.number("a");
        Tensor x = f.in("x");
        Tensor y = be.unary(op, a, 0f, x);
        f.check("y", y);
        Tensor dx = f.zerosLike("x");
        be.unaryBackward(op, a, 0f, x, y, f.in("dy"), dx);
        f.check("dx", dx);
    }
}
