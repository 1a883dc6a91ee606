package io.nextframe.core.autograd;

import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.core.ops.UnaryOp;

import java.util.List;

/**
 * Every differentiable op on {@link Var}s, in one place. Each op computes its value with the input's
 * {@link io.nextframe.core.Backend} (the output is allocated in the thread's innermost scope, as any Backend op) and,
 * when recording is on and an input requires grad, records its backward formula on the tape.
 *
 * <p>Layouts follow PyTorch: linear weights (out, in), conv weights (out, in/groups, *k), transposed conv weights
 * (in, out/groups, *k), NC(D)HW activations. Reductions without axes reduce everything to a rank-0 scalar.
 *
 * <p>Double backward (create-graph) works through everything except batch norm, pooling, the LSTM cell, the local
 * filter and the cross convolution, whose fused first-order backward kernels refuse it with an error naming the op.
 */
public final class F {

    private F() {
    }

    // ---- arithmetic with broadcasting -----------------------------------------------------------------------------

    public static Var add(Var a, Var b) {
        return Pointwise.binary(BinaryOp.ADD, a, b);
    }

    public static Var sub(Var a, Var b) {
        return Pointwise.binary(BinaryOp.SUB, a, b);
    }

    public static Var mul(Var a, Var b) {
        return Pointwise.binary(BinaryOp.MUL, a, b);
    }

    public static Var div(Var a, Var b) {
        return Pointwise.binary(BinaryOp.DIV, a, b);
    }

    /** Elementwise max(a, b) with broadcasting; where they tie the gradient goes to a. */
    public static Var maximum(Var a, Var b) {
        return Pointwise.binary(BinaryOp.MAX, a, b);
    }

    /** Elementwise min(a, b) with broadcasting; where they tie the gradient goes to a. */
    public static Var minimum(Var a, Var b) {
        return Pointwise.binary(BinaryOp.MIN, a, b);
    }

    /** A comparison (EQ, GT, GE) with broadcasting: a constant 0/1 mask. */
    public static Var compare(BinaryOp op, Var a, Var b) {
        if (op != BinaryOp.EQ && op != BinaryOp.GT && op != BinaryOp.GE) {
            throw new IllegalArgumentException("compare: " + op + " is not a comparison (EQ, GT, GE)");
        }
        return Pointwise.binary(op, a, b);
    }

    /** x repeated along its size-1 (or missing leading) axes to {@code shape}. */
    public static Var broadcastTo(Var x, Shape shape) {
        return Broadcast.to(x, shape);
    }

    /** g summed over the axes broadcasting added to reach g's shape from {@code shape}. */
    public static Var sumTo(Var g, Shape shape) {
        return Broadcast.sumTo(g, shape);
    }

    // ---- unary ----------------------------------------------------------------------------------------------------

    /** y = f(x; a, b) for any {@link UnaryOp}; GREATER_THAN and SIGN give constants (zero gradient). */
    public static Var unary(UnaryOp op, float a, float b, Var x) {
        return Pointwise.unary(op, a, b, x);
    }

    /** a·x + b */
    public static Var affine(Var x, float a, float b) {
        return unary(UnaryOp.AFFINE, a, b, x);
    }

    /** s·x */
    public static Var scale(Var x, float s) {
        return unary(UnaryOp.AFFINE, s, 0f, x);
    }

    public static Var neg(Var x) {
        return unary(UnaryOp.NEG, 0f, 0f, x);
    }

    public static Var abs(Var x) {
        return unary(UnaryOp.ABS, 0f, 0f, x);
    }

    public static Var square(Var x) {
        return unary(UnaryOp.SQUARE, 0f, 0f, x);
    }

    public static Var sqrt(Var x) {
        return unary(UnaryOp.SQRT, 0f, 0f, x);
    }

    public static Var exp(Var x) {
        return unary(UnaryOp.EXP, 0f, 0f, x);
    }

    public static Var log(Var x) {
        return unary(UnaryOp.LOG, 0f, 0f, x);
    }

    public static Var reciprocal(Var x) {
        return unary(UnaryOp.RECIPROCAL, 0f, 0f, x);
    }

    public static Var relu(Var x) {
        return unary(UnaryOp.RELU, 0f, 0f, x);
    }

    public static Var leakyRelu(Var x, float slope) {
        return unary(UnaryOp.LEAKY_RELU, slope, 0f, x);
    }

    public static Var sigmoid(Var x) {
        return unary(UnaryOp.SIGMOID, 0f, 0f, x);
    }

    public static Var tanh(Var x) {
        return unary(UnaryOp.TANH, 0f, 0f, x);
    }

    public static Var softplus(Var x) {
        return unary(UnaryOp.SOFTPLUS, 0f, 0f, x);
    }

    public static Var clamp(Var x, float lo, float hi) {
        return unary(UnaryOp.CLAMP, lo, hi, x);
    }

    public static Var pow(Var x, float exponent) {
        return unary(UnaryOp.POW, exponent, 0f, x);
    }

    // ---- linear algebra -------------------------------------------------------------------------------------------

    /** a·b for rank-2 or batched rank-3 operands (a batch of 1 broadcasts). */
    public static Var matmul(Var a, Var b) {
        return MatMul.mm(a, false, b, false);
    }

    /** op(a)·op(b), op = transpose where the flag is set. */
    public static Var matmul(Var a, boolean transA, Var b, boolean transB) {
        return MatMul.mm(a, transA, b, transB);
    }

    /** x·wᵀ + b, w (out, in), b (out) or null. */
    public static Var linear(Var x, Var w, Var b) {
        return MatMul.linear(x, w, b);
    }

    // ---- convolution ----------------------------------------------------------------------------------------------

    /** 1-, 2- or 3-d convolution, w (out, in/groups, *k), b (out) or null. */
    public static Var conv(ConvSpec spec, Var x, Var w, Var b) {
        return Conv.conv(spec, x, w, b);
    }

    /** Transposed convolution, w (in, out/groups, *k), b (out) or null, one output padding per spatial axis. */
    public static Var convTranspose(ConvSpec spec, Var x, Var w, Var b, int... outputPadding) {
        return Conv.convTranspose(spec, x, w, b, outputPadding);
    }

    /** The adjoint of conv in x (a differentiable op, used by conv's own gradient). */
    public static Var convBackwardData(ConvSpec spec, Var dy, Var w, Shape xShape) {
        return Conv.backwardData(spec, dy, w, xShape);
    }

    /** The gradient of ⟨conv(x, w), dy⟩ in w (a differentiable op, used by conv's own gradient). */
    public static Var convBackwardWeight(ConvSpec spec, Var x, Var dy, Shape wShape) {
        return Conv.backwardWeight(spec, x, dy, wShape);
    }

    // ---- normalisation, resampling --------------------------------------------------------------------------------

    /** Batch norm over axis 1; see {@link Normalization#batchNorm}. First order only. */
    public static Var batchNorm(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar, boolean training,
                                float momentum, float eps) {
        return Normalization.batchNorm(x, gamma, beta, runningMean, runningVar, training, momentum, eps);
    }

    /** Max or average pooling. First order only. */
    public static Var pool(PoolSpec spec, Var x) {
        return Resampling.pool(spec, x);
    }

    public static Var maxPool(Var x, int dims, int k) {
        return pool(PoolSpec.of(PoolSpec.Kind.MAX, dims, k), x);
    }

    public static Var avgPool(Var x, int dims, int k) {
        return pool(PoolSpec.of(PoolSpec.Kind.AVG, dims, k), x);
    }

    /** Nearest or (bi/tri)linear resampling of x (N, C, *in) to the spatial extent {@code size}. */
    public static Var resize(ResizeMode mode, boolean alignCorners, Var x, int... size) {
        return Resampling.resize(mode, alignCorners, x, size);
    }

    // ---- reductions -----------------------------------------------------------------------------------------------

    /** Σ of every element, a rank-0 scalar. */
    public static Var sum(Var x) {
        return Reductions.reduce(ReduceOp.SUM, x, false);
    }

    public static Var sum(Var x, boolean keepDims, int... axes) {
        return Reductions.reduce(ReduceOp.SUM, x, keepDims, axes);
    }

    /** Mean of every element, a rank-0 scalar. */
    public static Var mean(Var x) {
        return Reductions.reduce(ReduceOp.MEAN, x, false);
    }

    public static Var mean(Var x, boolean keepDims, int... axes) {
        return Reductions.reduce(ReduceOp.MEAN, x, keepDims, axes);
    }

    /** Maximum over axes; the gradient is split evenly between tied maxima. */
    public static Var max(Var x, boolean keepDims, int... axes) {
        return Reductions.reduce(ReduceOp.MAX, x, keepDims, axes);
    }

    public static Var softmax(Var x, int axis) {
        return Reductions.softmax(false, axis, x);
    }

    public static Var logSoftmax(Var x, int axis) {
        return Reductions.softmax(true, axis, x);
    }

    // ---- layout ---------------------------------------------------------------------------------------------------

    /** Another shape of the same size (one −1 is inferred); a view when x is contiguous, else a copy. */
    public static Var reshape(Var x, int... dims) {
        return Layout.reshape(x, dims);
    }

    /** (N, …) → (N, rest). */
    public static Var flatten(Var x) {
        return Layout.reshape(x, x.dim(0), -1);
    }

    public static Var permute(Var x, int... perm) {
        return Layout.permute(x, perm);
    }

    /** Indices [start, end) along axis (a view). */
    public static Var slice(Var x, int axis, int start, int end) {
        return Layout.slice(x, axis, start, end);
    }

    /** Index {@code index} of axis, with the axis removed (a view). */
    public static Var select(Var x, int axis, int index) {
        return Layout.select(x, axis, index);
    }

    public static Var concat(List<Var> xs, int axis) {
        return Layout.concat(xs, axis);
    }

    public static Var stack(List<Var> xs, int axis) {
        return Layout.stack(xs, axis);
    }

    // ---- recurrent and model-specific ops -------------------------------------------------------------------------

    /** One LSTM cell step (PyTorch LSTMCell layout); biases may be null. First order only. */
    public static LstmState lstmCell(Var x, Var h, Var c, Var wIh, Var wHh, Var bIh, Var bHh) {
        return Recurrent.lstmCell(x, h, c, wIh, wHh, bIh, bHh);
    }

    /** DFN's dynamic local filtering. First order only. */
    public static Var localFilter(Var x, Var filters, int kh, int kw) {
        return Dynamic.localFilter(x, filters, kh, kw);
    }

    /** Per-sample depthwise cross convolution. First order only. */
    public static Var crossConv(Var x, Var k, int padH, int padW) {
        return Dynamic.crossConv(x, k, padH, padW);
    }

    /** Inverted dropout with a counter-based mask; the identity when not training. */
    public static Var dropout(Var x, float p, boolean training, long seed, long stream, long counter) {
        return Dropout.dropout(x, p, training, seed, stream, counter);
    }

    // ---- losses ---------------------------------------------------------------------------------------------------

    public static Var mse(Var prediction, Var target) {
        return Losses.mse(prediction, target);
    }

    /** Binary cross-entropy on probabilities clamped to [1e−7, 1 − 1e−7]. */
    public static Var bce(Var p, Var target) {
        return Losses.bce(p, target, 1e-7f);
    }

    public static Var bce(Var p, Var target, float eps) {
        return Losses.bce(p, target, eps);
    }

    public static Var bceWithLogits(Var logits, Var target) {
        return Losses.bceWithLogits(logits, target);
    }

    /** KL divergence of two diagonal Gaussians given as (mean, log-variance), summed and divided by the batch. */
    public static Var klGaussian(Var mu1, Var logvar1, Var mu2, Var logvar2) {
        return Losses.klGaussian(mu1, logvar1, mu2, logvar2);
    }
}
