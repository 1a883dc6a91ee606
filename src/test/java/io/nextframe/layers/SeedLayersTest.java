package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Philox;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.Distribution;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each seed-specific layer against a naive loop written from the papers' definitions (F64, reference backend). */
class SeedLayersTest {
    private final Backend be = Backends.get("reference");
    private final Random random = new Random(3);

    private double[] rand(int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = random.nextDouble() * 2 - 1;
        }
        return d;
    }

    private Var var(double[] d, int... dims) {
        return Var.constant(be.fromDoubles(Shape.of(dims), d));
    }

    private static void close(double[] expected, double[] actual, double tol) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tol, "element " + i);
        }
    }

    @Test
    void dynamicLocalFilterIsSoftmaxThenPerPixelTaps() {
        int b = 2, c = 2, h = 5, w = 6, kh = 3, kw = 5;
        double[] x = rand(b * c * h * w), logits = rand(b * kh * kw * h * w);
        try (Scope s = be.scope()) {
            DynamicLocalFilter layer = new DynamicLocalFilter(be, kh, kw, true);
            double[] y = layer.forward(var(x, b, c, h, w), var(logits, b, kh * kw, h, w)).value().toDoubleArray();
            double[] expected = new double[y.length];
            for (int n = 0; n < b; n++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double max = Double.NEGATIVE_INFINITY, z = 0;
                        for (int k = 0; k < kh * kw; k++) {
                            max = Math.max(max, logits[((n * kh * kw + k) * h + i) * w + j]);
                        }
                        double[] f = new double[kh * kw];
                        for (int k = 0; k < kh * kw; k++) {
                            f[k] = Math.exp(logits[((n * kh * kw + k) * h + i) * w + j] - max);
                            z += f[k];
                        }
                        for (int ch = 0; ch < c; ch++) {
                            double acc = 0;
                            for (int k = 0; k < kh * kw; k++) {
                                int yy = i + k / kw - kh / 2, xx = j + k % kw - kw / 2;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                    acc += f[k] / z * x[((n * c + ch) * h + yy) * w + xx];
                                }
                            }
                            expected[((n * c + ch) * h + i) * w + j] = acc;
                        }
                    }
                }
            }
            close(expected, y, 1e-12);
        }
    }

    @Test
    void dynamicLocalFilterFlowOfAShiftFilterIsTheShift() {
        int h = 4, w = 4, k = 3;
        double[] f = new double[k * k * h * w];
        for (int p = 0; p < h * w; p++) {
            f[5 * h * w + p] = 1; // tap (1, 2): reads one pixel to the right
        }
        try (Scope s = be.scope()) {
            double[] flow = new DynamicLocalFilter(be, k).flow(var(f, 1, k * k, h, w)).value().toDoubleArray();
            for (int p = 0; p < h * w; p++) {
                assertEquals(1, flow[p], 1e-12);
                assertEquals(0, flow[h * w + p], 1e-12);
            }
        }
    }

    @Test
    void dynamicConvolutionAppliesEachSamplesOwnFilters() {
        int b = 3, cin = 2, cout = 4, h = 5, w = 4, k = 3, pad = 1;
        double[] x = rand(b * cin * h * w), f = rand(b * cout * cin * k * k);
        try (Scope s = be.scope()) {
            double[] y = new DynamicConvolution(be, pad, pad).forward(var(x, b, cin, h, w),
                    var(f, b, cout, cin, k, k)).value().toDoubleArray();
            double[] expected = new double[b * cout * h * w];
            for (int n = 0; n < b; n++) {
                for (int o = 0; o < cout; o++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            double acc = 0;
                            for (int ci = 0; ci < cin; ci++) {
                                for (int u = 0; u < k; u++) {
                                    for (int v = 0; v < k; v++) {
                                        int yy = i + u - pad, xx = j + v - pad;
                                        if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                            acc += f[(((n * cout + o) * cin + ci) * k + u) * k + v]
                                                    * x[((n * cin + ci) * h + yy) * w + xx];
                                        }
                                    }
                                }
                            }
                            expected[((n * cout + o) * h + i) * w + j] = acc;
                        }
                    }
                }
            }
            close(expected, y, 1e-12);
        }
    }

    @Test
    void crossConvolutionIsPerSampleDepthwiseSame() {
        int b = 2, c = 3, h = 6, w = 5, kh = 5, kw = 3;
        double[] x = rand(b * c * h * w), kk = rand(b * c * kh * kw);
        try (Scope s = be.scope()) {
            double[] y = new CrossConvolution(be).forward(var(x, b, c, h, w), var(kk, b, c, kh, kw)).value()
                    .toDoubleArray();
            double[] expected = new double[y.length];
            for (int n = 0; n < b; n++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            double acc = 0;
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int yy = i + u - kh / 2, xx = j + v - kw / 2;
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                        acc += kk[((n * c + ch) * kh + u) * kw + v] * x[((n * c + ch) * h + yy) * w + xx];
                                    }
                                }
                            }
                            expected[((n * c + ch) * h + i) * w + j] = acc;
                        }
                    }
                }
            }
            close(expected, y, 1e-12);
            assertThrows(IllegalArgumentException.class,
                    () -> new CrossConvolution(be).forward(var(x, b, c, h, w), var(rand(b * c * 4), b, c, 2, 2)));
        }
    }

    @Test
    void binomialReduceMatchesTheFiveTapFilter() {
        int h = 7, w = 6;
        double[] x = rand(h * w);
        double[] t = {1 / 16.0, 4 / 16.0, 6 / 16.0, 4 / 16.0, 1 / 16.0};
        try (Scope s = be.scope()) {
            Var down = Resamplers.binomial5().down(var(x, 1, 1, h, w));
            assertEquals(Shape.of(1, 1, 4, 3), down.shape());
            double[] y = down.value().toDoubleArray();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 3; j++) {
                    double acc = 0;
                    for (int u = 0; u < 5; u++) {
                        for (int v = 0; v < 5; v++) {
                            int yy = 2 * i + u - 2, xx = 2 * j + v - 2;
                            if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                acc += t[u] * t[v] * x[yy * w + xx];
                            }
                        }
                    }
                    assertEquals(acc, y[i * 3 + j], 1e-12);
                }
            }
            // EXPAND: zero-insertion then 4× the kernel
            double[] small = rand(2 * 3);
            double[] up = Resamplers.binomial5().up(var(small, 1, 1, 2, 3), 4, 5).value().toDoubleArray();
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 5; j++) {
                    double acc = 0;
                    for (int u = 0; u < 5; u++) {
                        for (int v = 0; v < 5; v++) {
                            int yy = i + u - 2, xx = j + v - 2;
                            if (yy >= 0 && xx >= 0 && yy % 2 == 0 && xx % 2 == 0 && yy / 2 < 2 && xx / 2 < 3) {
                                acc += 4 * t[u] * t[v] * small[(yy / 2) * 3 + xx / 2];
                            }
                        }
                    }
                    assertEquals(acc, up[i * 5 + j], 1e-12, "up " + i + "," + j);
                }
            }
        }
    }

    @Test
    void laplacianPyramidReconstructsExactlyAndBandsHaveTheRightSizes() {
        for (Resampler r : List.of(Resamplers.blockMeanBilinear(), Resamplers.binomial5())) {
            double[] x = rand(2 * 3 * 16 * 16);
            try (Scope s = be.scope()) {
                LaplacianPyramid p = new LaplacianPyramid(r, 3);
                List<Var> bands = p.build(var(x, 2, 3, 16, 16));
                assertEquals(4, bands.size());
                assertEquals(Shape.of(2, 3, 8, 8), bands.get(1).shape());
                assertEquals(Shape.of(2, 3, 2, 2), bands.get(3).shape());
                close(x, p.reconstruct(bands).value().toDoubleArray(), 1e-12);
            }
        }
    }

    @Test
    void blockMeanDownIsTheTwoByTwoMean() {
        double[] x = rand(4 * 4);
        try (Scope s = be.scope()) {
            double[] y = Resamplers.blockMeanBilinear().down(var(x, 1, 1, 4, 4)).value().toDoubleArray();
            assertEquals((x[0] + x[1] + x[4] + x[5]) / 4, y[0], 1e-12);
            assertEquals((x[10] + x[11] + x[14] + x[15]) / 4, y[3], 1e-12);
        }
    }

    @Test
    void gaussianSamplerIsReparameterisedAndSeeded() {
        int n = 12;
        double[] mu = rand(n), lv = rand(n);
        Rng rng = new Rng(42, 5);
        try (Scope s = be.scope()) {
            GaussianSampler g = new GaussianSampler(be, rng);
            double[] z1 = g.forward(var(mu, 3, 4), var(lv, 3, 4)).value().toDoubleArray();
            double[] z2 = g.forward(var(mu, 3, 4), var(lv, 3, 4)).value().toDoubleArray();
            float[] eps = new float[2 * n];
            Philox.fill(Distribution.NORMAL, 42, 5, 0, 0f, 1f, eps);
            for (int i = 0; i < n; i++) {
                assertEquals(mu[i] + Math.exp(0.5 * lv[i]) * eps[i], z1[i], 1e-6);
                assertEquals(mu[i] + Math.exp(0.5 * lv[i]) * eps[n + i], z2[i], 1e-6);
            }
            assertEquals(2L * n, g.counter());
        }
    }

    @Test
    void dropoutIsSeededInvertedAndSpatialDropsWholeChannels() {
        try (Scope s = be.scope()) {
            Dropout d = new Dropout(be, 0.5f, true, new Rng(9));
            Var x = Var.constant(be.full(Shape.of(4, 8, 3, 3), 1f));
            float[] y = d.forward(x).value().toFloatArray();
            int dropped = 0;
            for (int ch = 0; ch < 32; ch++) {
                float first = y[ch * 9];
                for (int p = 0; p < 9; p++) {
                    assertEquals(first, y[ch * 9 + p]);
                }
                assertEquals(true, first == 0f || first == 2f, "kept channels are scaled by 1/(1−p)");
                dropped += first == 0f ? 1 : 0;
            }
            assertEquals(true, dropped > 4 && dropped < 28, "dropped " + dropped + " of 32");
            Dropout a = new Dropout(be, 0.3f, new Rng(9)), b = new Dropout(be, 0.3f, new Rng(9));
            assertArrayEquals(a.forward(x).value().toFloatArray(), b.forward(x).value().toFloatArray());
            a.eval();
            assertArrayEquals(x.value().toFloatArray(), a.forward(x).value().toFloatArray());
        }
    }
}
