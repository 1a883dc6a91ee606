package io.nextframe.core.reference;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.PoolSpec;

/**
 * Max and average pooling over 1–3 spatial dims (PyTorch, floor mode). Max ignores padded cells and takes the first
 * maximum of a row-major scan of the window (a NaN counts as the largest value, as in PyTorch); average divides by
 * the whole window, padded cells included ({@code count_include_pad}). In floor mode no window reaches past the
 * padding, so that divisor is always the kernel volume.
 */
final class ReferencePool {
    private ReferencePool() {
    }

    static void forward(PoolSpec spec, Tensor x, Tensor y) {
        double[] xv = TensorData.load(x), yv = new double[Math.toIntExact(y.size())];
        new Windows(spec, x, y) {
            @Override
            void window(int xBase, int yi, int[] cells, int count, double volume) {
                if (spec.kind() == PoolSpec.Kind.MAX) {
                    yv[yi] = xv[xBase + cells[argMax(xv, xBase, cells, count)]];
                } else {
                    double s = 0;
                    for (int c = 0; c < count; c++) {
                        s += xv[xBase + cells[c]];
                    }
                    yv[yi] = s / volume;
                }
            }
        }.run();
        TensorData.store(y, yv);
    }

    static void backward(PoolSpec spec, Tensor x, Tensor dy, Tensor dx) {
        double[] xv = TensorData.load(x), dyv = TensorData.load(dy), dxv = new double[xv.length];
        new Windows(spec, x, dy) {
            @Override
            void window(int xBase, int yi, int[] cells, int count, double volume) {
                if (spec.kind() == PoolSpec.Kind.MAX) {
                    dxv[xBase + cells[argMax(xv, xBase, cells, count)]] += dyv[yi];
                } else {
                    for (int c = 0; c < count; c++) {
                        dxv[xBase + cells[c]] += dyv[yi] / volume;
                    }
                }
            }
        }.run();
        TensorData.store(dx, dxv);
    }

    /** Index into {@code cells} of the first maximum; NaN beats every number and the first NaN wins. */
    private static int argMax(double[] xv, int base, int[] cells, int count) {
        int best = 0;
        for (int c = 1; c < count; c++) {
            double v = xv[base + cells[c]], b = xv[base + cells[best]];
            if (!Double.isNaN(b) && (v > b || Double.isNaN(v))) {
                best = c;
            }
        }
        return best;
    }

    /** Enumerates every pooling window and hands its in-bounds cells (row-major) to {@link #window}. */
    private abstract static class Windows {
        private final Tensor x, y;
        private final int[] k, stride, pad;

        Windows(PoolSpec spec, Tensor x, Tensor y) {
            this.x = x;
            this.y = y;
            this.k = Spatial.pad3(spec.kernel(), 1);
            this.stride = Spatial.pad3(spec.stride(), 1);
            this.pad = Spatial.pad3(spec.padding(), 0);
        }

        /** xBase: start of the (n, c) plane in x; cells: plane offsets of the count in-bounds cells. */
        abstract void window(int xBase, int yi, int[] cells, int count, double volume);

        void run() {
            Spatial in = Spatial.of(x), out = Spatial.of(y);
            int planes = x.dim(0) * x.dim(1);
            int[] cells = new int[k[0] * k[1] * k[2]];
            for (int p = 0; p < planes; p++) {
                for (int oz = 0; oz < out.d(); oz++) {
                    for (int oy = 0; oy < out.h(); oy++) {
                        for (int ox = 0; ox < out.w(); ox++) {
                            int count = 0;
                            for (int kz = 0; kz < k[0]; kz++) {
                                int iz = oz * stride[0] - pad[0] + kz;
                                for (int ky = 0; ky < k[1]; ky++) {
                                    int iy = oy * stride[1] - pad[1] + ky;
                                    for (int kx = 0; kx < k[2]; kx++) {
                                        int ix = ox * stride[2] - pad[2] + kx;
                                        if (iz >= 0 && iz < in.d() && iy >= 0 && iy < in.h() && ix >= 0
                                                && ix < in.w()) {
                                            cells[count++] = in.index(iz, iy, ix);
                                        }
                                    }
                                }
                            }
                            window(p * in.size(), p * out.size() + out.index(oz, oy, ox), cells, count,
                                    cells.length);
                        }
                    }
                }
            }
        }
    }
}
