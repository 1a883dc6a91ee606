package io.nextframe.core.reference;

import io.nextframe.core.Storage;
import io.nextframe.core.Tensor;

import java.util.List;

/** copy (the one op that honours strides on both sides), fill and concat. */
final class ReferenceLayout {
    private ReferenceLayout() {
    }

    /** Walks every index of the shape in row-major order, addressing each side through its own strides. */
    static void copy(Tensor src, Tensor dst) {
        int rank = src.rank();
        int[] dims = src.shape().dims();
        long[] ss = src.strides(), ds = dst.strides();
        int[] idx = new int[rank];
        Storage in = src.storage(), out = dst.storage();
        long n = src.size();
        for (long e = 0; e < n; e++) {
            long si = src.offset(), di = dst.offset();
            for (int a = 0; a < rank; a++) {
                si += idx[a] * ss[a];
                di += idx[a] * ds[a];
            }
            TensorData.set(out, di, TensorData.get(in, si));
            for (int a = rank - 1; a >= 0; a--) {
                if (++idx[a] < dims[a]) {
                    break;
                }
                idx[a] = 0;
            }
        }
    }

    static void fill(Tensor dst, float value) {
        double[] v = new double[Math.toIntExact(dst.size())];
        java.util.Arrays.fill(v, value);
        TensorData.store(dst, v);
    }

    /** out viewed as (outer, axisTotal, inner): each input fills its own band of the middle axis. */
    static void concat(List<Tensor> inputs, int axis, Tensor out) {
        int outer = TensorData.size(out, 0, axis);
        int inner = TensorData.size(out, axis + 1, out.rank());
        int total = out.dim(axis);
        double[] y = new double[Math.toIntExact(out.size())];
        int start = 0;
        for (Tensor t : inputs) {
            double[] x = TensorData.load(t);
            int len = t.dim(axis);
            for (int o = 0; o < outer; o++) {
                for (int a = 0; a < len; a++) {
                    for (int i = 0; i < inner; i++) {
                        y[(o * total + start + a) * inner + i] = x[(o * len + a) * inner + i];
                    }
                }
            }
            start += len;
        }
        TensorData.store(out, y);
    }
}
