package io.nextframe.core.reference;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ReduceOp;

/** Keep-dims reductions and (log-)softmax along one axis. */
final class ReferenceReduce {
    private ReferenceReduce() {
    }

    /** Every x element is folded into the y element with the same index on kept axes and 0 on reduced ones. */
    static void reduce(ReduceOp op, Tensor x, Tensor y) {
        double[] xv = TensorData.load(x), yv = new double[Math.toIntExact(y.size())];
        if (op == ReduceOp.MAX) {
            java.util.Arrays.fill(yv, Double.NEGATIVE_INFINITY);
        }
        int rank = x.rank();
        int[] dims = x.shape().dims(), idx = new int[rank];
        long[] ys = y.shape().contiguousStrides();
        for (int d = 0; d < rank; d++) {
            if (y.dim(d) == 1) {
                ys[d] = 0;
            }
        }
        for (int e = 0; e < xv.length; e++) {
            int yi = 0;
            for (int d = 0; d < rank; d++) {
                yi += (int) (idx[d] * ys[d]);
            }
            yv[yi] = op == ReduceOp.MAX ? Math.max(yv[yi], xv[e]) : yv[yi] + xv[e];
            for (int d = rank - 1; d >= 0; d--) {
                if (++idx[d] < dims[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
        if (op == ReduceOp.MEAN) {
            double count = (double) xv.length / yv.length;
            for (int i = 0; i < yv.length; i++) {
                yv[i] /= count;
            }
        }
        TensorData.store(y, yv);
    }

    /** x viewed as (outer, len, inner); each (outer, inner) pair is one softmax row. */
    static void softmax(boolean log, int axis, Tensor x, Tensor y) {
        double[] xv = TensorData.load(x), yv = new double[xv.length];
        int outer = TensorData.size(x, 0, axis), len = x.dim(axis), inner = TensorData.size(x, axis + 1, x.rank());
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double max = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < len; k++) {
                    max = Math.max(max, xv[base + k * inner]);
                }
                double sum = 0;
                for (int k = 0; k < len; k++) {
                    sum += Math.exp(xv[base + k * inner] - max);
                }
                for (int k = 0; k < len; k++) {
                    double z = xv[base + k * inner] - max;
                    yv[base + k * inner] = log ? z - Math.log(sum) : Math.exp(z) / sum;
                }
            }
        }
        TensorData.store(y, yv);
    }

    /** softmax: dx = y(dy − Σ dy·y); log-softmax: dx = dy − eʸ·Σ dy. */
    static void softmaxBackward(boolean log, int axis, Tensor y, Tensor dy, Tensor dx) {
        double[] yv = TensorData.load(y), g = TensorData.load(dy), dxv = new double[yv.length];
        int outer = TensorData.size(y, 0, axis), len = y.dim(axis), inner = TensorData.size(y, axis + 1, y.rank());
        for (int o = 0; o < outer; o++) {
            for (int i = 0; i < inner; i++) {
                int base = o * len * inner + i;
                double s = 0;
                for (int k = 0; k < len; k++) {
                    int e = base + k * inner;
                    s += log ? g[e] : g[e] * yv[e];
                }
                for (int k = 0; k < len; k++) {
                    int e = base + k * inner;
                    dxv[e] = log ? g[e] - Math.exp(yv[e]) * s : yv[e] * (g[e] - s);
                }
            }
        }
        TensorData.store(dx, dxv);
    }
}
