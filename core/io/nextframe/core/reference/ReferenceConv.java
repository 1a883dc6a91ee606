package io.nextframe.core.reference;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;

/**
 * Convolution as PyTorch defines it (cross-correlation, stride, zero padding, dilation, groups) for 1–3 spatial dims.
 * All three ops walk the same loop nest over (n, output channel, output position, input channel of the group,
 * kernel tap) and differ only in which operand they accumulate into: forward gathers into y, backward-data scatters
 * dy·w into dx and backward-weight scatters dy·x into dw. Sharing the nest makes backward-data the exact adjoint of
 * forward by construction.
 */
final class ReferenceConv {
    private ReferenceConv() {
    }

    private enum Role { FORWARD, DATA, WEIGHT }

    static void forward(ConvSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        double[] xv = TensorData.load(x), wv = TensorData.load(w), yv = new double[Math.toIntExact(y.size())];
        double[] bv = TensorData.load(bias);
        walk(spec, x, w, y, Role.FORWARD, xv, wv, yv);
        if (bv != null) {
            int cout = y.dim(1), sp = Spatial.of(y).size();
            for (int i = 0; i < yv.length; i++) {
                yv[i] += bv[(i / sp) % cout];
            }
        }
        TensorData.store(y, yv);
    }

    static void backwardData(ConvSpec spec, Tensor dy, Tensor w, Tensor dx) {
        double[] dxv = new double[Math.toIntExact(dx.size())];
        walk(spec, dx, w, dy, Role.DATA, dxv, TensorData.load(w), TensorData.load(dy));
        TensorData.store(dx, dxv);
    }

    static void backwardWeight(ConvSpec spec, Tensor x, Tensor dy, Tensor dw, Tensor dbias) {
        double[] dyv = TensorData.load(dy), dwv = new double[Math.toIntExact(dw.size())];
        walk(spec, x, dw, dy, Role.WEIGHT, TensorData.load(x), dwv, dyv);
        TensorData.store(dw, dwv);
        if (dbias != null) {
            int cout = dy.dim(1), sp = Spatial.of(dy).size();
            double[] db = new double[cout];
            for (int i = 0; i < dyv.length; i++) {
                db[(i / sp) % cout] += dyv[i];
            }
            TensorData.store(dbias, db);
        }
    }

    /** The loop nest; xt, wt, yt supply only shapes, the arrays hold the values. */
    private static void walk(ConvSpec spec, Tensor xt, Tensor wt, Tensor yt, Role role, double[] x, double[] w,
                             double[] y) {
        int[] stride = Spatial.pad3(spec.stride(), 1), pad = Spatial.pad3(spec.padding(), 0);
        int[] dil = Spatial.pad3(spec.dilation(), 1);
        Spatial in = Spatial.of(xt), k = Spatial.of(wt), out = Spatial.of(yt);
        int batch = xt.dim(0), cin = xt.dim(1), cout = yt.dim(1), groups = spec.groups();
        int cinG = cin / groups, coutG = cout / groups;
        for (int n = 0; n < batch; n++) {
            for (int co = 0; co < cout; co++) {
                int g = co / coutG;
                for (int oz = 0; oz < out.d(); oz++) {
                    for (int oy = 0; oy < out.h(); oy++) {
                        for (int ox = 0; ox < out.w(); ox++) {
                            int yi = (n * cout + co) * out.size() + out.index(oz, oy, ox);
                            double acc = 0;
                            for (int ci = 0; ci < cinG; ci++) {
                                int xc = g * cinG + ci;
                                for (int kz = 0; kz < k.d(); kz++) {
                                    int iz = oz * stride[0] - pad[0] + kz * dil[0];
                                    if (iz < 0 || iz >= in.d()) {
                                        continue;
                                    }
                                    for (int ky = 0; ky < k.h(); ky++) {
                                        int iy = oy * stride[1] - pad[1] + ky * dil[1];
                                        if (iy < 0 || iy >= in.h()) {
                                            continue;
                                        }
                                        for (int kx = 0; kx < k.w(); kx++) {
                                            int ix = ox * stride[2] - pad[2] + kx * dil[2];
                                            if (ix < 0 || ix >= in.w()) {
                                                continue;
                                            }
                                            int xi = (n * cin + xc) * in.size() + in.index(iz, iy, ix);
                                            int wi = (co * cinG + ci) * k.size() + k.index(kz, ky, kx);
                                            switch (role) {
                                                case FORWARD -> acc += x[xi] * w[wi];
                                                case DATA -> x[xi] += y[yi] * w[wi];
                                                case WEIGHT -> w[wi] += y[yi] * x[xi];
                                            }
                                        }
                                    }
                                }
                            }
                            if (role == Role.FORWARD) {
                                y[yi] = acc;
                            }
                        }
                    }
                }
            }
        }
    }
}
