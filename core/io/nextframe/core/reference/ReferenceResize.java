package io.nextframe.core.reference;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ResizeMode;

/**
 * Nearest and (bi/tri)linear resampling of (N, C, *spatial), PyTorch's {@code F.interpolate} with the output size
 * given. Each output cell is a weighted sum of at most 2³ input cells; forward gathers with those weights and
 * backward scatters with the same ones, so backward is the adjoint of forward.
 */
final class ReferenceResize {
    private ReferenceResize() {
    }

    static void forward(ResizeMode mode, boolean alignCorners, Tensor x, Tensor y) {
        double[] xv = TensorData.load(x), yv = new double[Math.toIntExact(y.size())];
        walk(mode, alignCorners, x, y, (xi, yi, weight) -> yv[yi] += weight * xv[xi]);
        TensorData.store(y, yv);
    }

    static void backward(ResizeMode mode, boolean alignCorners, Tensor dy, Tensor dx) {
        double[] dyv = TensorData.load(dy), dxv = new double[Math.toIntExact(dx.size())];
        walk(mode, alignCorners, dx, dy, (xi, yi, weight) -> dxv[xi] += weight * dyv[yi]);
        TensorData.store(dx, dxv);
    }

    private interface Tap {
        void accept(int xi, int yi, double weight);
    }

    /** The two source cells and weights of one output coordinate along one axis (equal cells when nearest). */
    private record Taps(int i0, int i1, double w0, double w1) {
    }

    static Taps taps(ResizeMode mode, boolean alignCorners, int dst, int in, int out) {
        if (mode == ResizeMode.NEAREST) {
            int src = (int) Math.min((long) dst * in / out, in - 1);
            return new Taps(src, src, 1, 0);
        }
        double src = sourceIndex(alignCorners, dst, in, out);
        int i0 = (int) src;
        int i1 = i0 < in - 1 ? i0 + 1 : i0;
        double lambda = src - i0;
        return new Taps(i0, i1, 1 - lambda, lambda);
    }

    /** PyTorch's area_pixel_compute_source_index for linear modes. */
    static double sourceIndex(boolean alignCorners, int dst, int in, int out) {
        if (alignCorners) {
            return out > 1 ? dst * (double) (in - 1) / (out - 1) : 0;
        }
        double src = (dst + 0.5) * in / out - 0.5;
        return Math.max(src, 0);
    }

    private static void walk(ResizeMode mode, boolean alignCorners, Tensor x, Tensor y, Tap tap) {
        Spatial in = Spatial.of(x), out = Spatial.of(y);
        int planes = x.dim(0) * x.dim(1);
        for (int p = 0; p < planes; p++) {
            for (int oz = 0; oz < out.d(); oz++) {
                Taps tz = taps(mode, alignCorners, oz, in.d(), out.d());
                for (int oy = 0; oy < out.h(); oy++) {
                    Taps ty = taps(mode, alignCorners, oy, in.h(), out.h());
                    for (int ox = 0; ox < out.w(); ox++) {
                        Taps tx = taps(mode, alignCorners, ox, in.w(), out.w());
                        int yi = p * out.size() + out.index(oz, oy, ox);
                        for (int c = 0; c < 8; c++) {
                            int iz = (c & 4) == 0 ? tz.i0() : tz.i1();
                            int iy = (c & 2) == 0 ? ty.i0() : ty.i1();
                            int ix = (c & 1) == 0 ? tx.i0() : tx.i1();
                            double wgt = ((c & 4) == 0 ? tz.w0() : tz.w1()) * ((c & 2) == 0 ? ty.w0() : ty.w1())
                                    * ((c & 1) == 0 ? tx.w0() : tx.w1());
                            if (wgt != 0) {
                                tap.accept(p * in.size() + in.index(iz, iy, ix), yi, wgt);
                            }
                        }
                    }
                }
            }
        }
    }
}
