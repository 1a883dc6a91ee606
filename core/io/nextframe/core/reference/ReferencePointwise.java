package io.nextframe.core.reference;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.UnaryOp;

/** Elementwise unary ops with their derivatives, and binary ops with numpy broadcasting over equal ranks. */
final class ReferencePointwise {
    private ReferencePointwise() {
    }

    static double apply(UnaryOp op, double a, double b, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case SQRT -> Math.sqrt(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case RECIPROCAL -> 1 / x;
            case RELU -> x > 0 ? x : 0;
            case LEAKY_RELU -> x > 0 ? x : a * x;
            case SIGMOID -> sigmoid(x);
            case TANH -> Math.tanh(x);
            // log(1 + eˣ) = max(x, 0) + log(1 + e^−|x|) never overflows
            case SOFTPLUS -> Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
            case CLAMP -> Math.min(Math.max(x, a), b);
            case AFFINE -> a * x + b;
            case POW -> Math.pow(x, a);
            case GREATER_THAN -> x > a ? 1 : 0;
            case SIGN -> Math.signum(x);
        };
    }

    /** f'(x)·dy given the forward input x and output y (each read only by the ops that need it). */
    static double derivative(UnaryOp op, double a, double b, double x, double y, double dy) {
        return switch (op) {
            case NEG -> -dy;
            case ABS -> Math.signum(x) * dy;
            case SQUARE -> 2 * x * dy;
            case SQRT -> dy / (2 * y);
            case EXP -> y * dy;
            case LOG -> dy / x;
            case RECIPROCAL -> -y * y * dy;
            case RELU -> x > 0 ? dy : 0;
            case LEAKY_RELU -> x > 0 ? dy : a * dy;
            case SIGMOID -> y * (1 - y) * dy;
            case TANH -> (1 - y * y) * dy;
            case SOFTPLUS -> sigmoid(x) * dy;
            case CLAMP -> x >= a && x <= b ? dy : 0;
            case AFFINE -> a * dy;
            case POW -> a * Math.pow(x, a - 1) * dy;
            case GREATER_THAN, SIGN -> 0;
        };
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    static void unary(UnaryOp op, float a, float b, Tensor x, Tensor y) {
        double[] v = TensorData.load(x);
        for (int i = 0; i < v.length; i++) {
            v[i] = apply(op, a, b, v[i]);
        }
        TensorData.store(y, v);
    }

    static void unaryBackward(UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        double[] xv = TensorData.load(x), yv = TensorData.load(y), g = TensorData.load(dy);
        for (int i = 0; i < g.length; i++) {
            double xi = xv == null ? 0 : xv[i], yi = yv == null ? 0 : yv[i];
            g[i] = derivative(op, a, b, xi, yi, g[i]);
        }
        TensorData.store(dx, g);
    }

    static double apply(BinaryOp op, double a, double b) {
        return switch (op) {
            case ADD -> a + b;
            case SUB -> a - b;
            case MUL -> a * b;
            case DIV -> a / b;
            case MAX -> Math.max(a, b);
            case MIN -> Math.min(a, b);
            case EQ -> a == b ? 1 : 0;
            case GT -> a > b ? 1 : 0;
            case GE -> a >= b ? 1 : 0;
        };
    }

    /** y[idx] = f(a[idx'], b[idx'']) where a size-1 axis of an operand is read at index 0. */
    static void binary(BinaryOp op, Tensor a, Tensor b, Tensor y) {
        double[] av = TensorData.load(a), bv = TensorData.load(b), yv = new double[Math.toIntExact(y.size())];
        int rank = y.rank();
        long[] as = broadcastStrides(a), bs = broadcastStrides(b);
        int[] dims = y.shape().dims(), idx = new int[rank];
        for (int e = 0; e < yv.length; e++) {
            long ai = 0, bi = 0;
            for (int d = 0; d < rank; d++) {
                ai += idx[d] * as[d];
                bi += idx[d] * bs[d];
            }
            yv[e] = apply(op, av[(int) ai], bv[(int) bi]);
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < dims[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        TensorData.store(y, yv);
    }

    /** Row-major strides with 0 on size-1 axes, so the broadcast index reads element 0 there. */
    private static long[] broadcastStrides(Tensor t) {
        long[] s = t.shape().contiguousStrides();
        for (int d = 0; d < s.length; d++) {
            if (t.dim(d) == 1) {
                s[d] = 0;
            }
        }
        return s;
    }
}
