package io.nextframe.simd;

import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Obviously-correct double-precision loops that the simd kernels are checked against, plus the comparison and
 * finite-difference helpers. Independent of the backend code: no shared index helpers.
 */
final class Naive {
    private Naive() {
    }

    static float[] random(long seed, int n) {
        Random r = new Random(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextFloat() * 2f - 1f;
        }
        return a;
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    /** |got − want| ≤ tol·(1 + |want|) for every element, naming the first bad index. */
    static void assertClose(String what, double[] want, float[] got, double tol) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs(got[i] - want[i]);
            if (!(err <= tol * (1 + Math.abs(want[i])))) {
                fail(what + ": element " + i + " is " + got[i] + ", expected " + want[i] + " (error " + err + ")");
            }
        }
    }

    static void assertClose(String what, float[] want, float[] got, double tol) {
        assertClose(what, toDouble(want), got, tol);
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ∂⟨f(x), r⟩/∂x by central differences in double precision. */
    static double[] numericGradient(Function<double[], double[]> f, double[] x, double[] r) {
        double h = 1e-5;
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double keep = x[i];
            x[i] = keep + h;
            double up = dot(f.apply(x), r);
            x[i] = keep - h;
            double down = dot(f.apply(x), r);
            x[i] = keep;
            g[i] = (up - down) / (2 * h);
        }
        return g;
    }

    static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    // ---- batch norm ----------------------------------------------------------------------------------------------

    /** Training-mode batch norm of x (n, c, s) with batch statistics (biased variance). */
    static double[] batchNormTrain(double[] x, double[] gamma, double[] beta, int n, int c, int s, double eps) {
        double[] y = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            double mean = 0, var = 0;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < s; i++) {
                    mean += x[(b * c + ch) * s + i];
                }
            }
            mean /= n * s;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < s; i++) {
                    double d = x[(b * c + ch) * s + i] - mean;
                    var += d * d;
                }
            }
            var /= n * s;
            for (int b = 0; b < n; b++) {
                for (int i = 0; i < s; i++) {
                    int at = (b * c + ch) * s + i;
                    y[at] = (x[at] - mean) / Math.sqrt(var + eps) * gamma[ch] + beta[ch];
                }
            }
        }
        return y;
    }

    // ---- softmax --------------------------------------------------------------------------------------------------

    static double[] softmax(double[] x, int outer, int axis, int inner, boolean log) {
        double[] y = new double[x.length];
        for (int o = 0; o < outer; o++) {
            for (int j = 0; j < inner; j++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int a = 0; a < axis; a++) {
                    max = Math.max(max, x[(o * axis + a) * inner + j]);
                }
                for (int a = 0; a < axis; a++) {
                    sum += Math.exp(x[(o * axis + a) * inner + j] - max);
                }
                for (int a = 0; a < axis; a++) {
                    int at = (o * axis + a) * inner + j;
                    y[at] = log ? x[at] - max - Math.log(sum) : Math.exp(x[at] - max) / sum;
                }
            }
        }
        return y;
    }

    // ---- LSTM -----------------------------------------------------------------------------------------------------

    /** [h, c] concatenated, from gates (b, 4h) and cPrev (b, h). */
    static double[] lstm(double[] gates, double[] cPrev, int batch, int hidden) {
        double[] out = new double[2 * batch * hidden];
        for (int b = 0; b < batch; b++) {
            for (int j = 0; j < hidden; j++) {
                int g = b * 4 * hidden + j;
                double i = sigmoid(gates[g]), f = sigmoid(gates[g + hidden]), gg = Math.tanh(gates[g + 2 * hidden]);
                double o = sigmoid(gates[g + 3 * hidden]);
                double c = f * cPrev[b * hidden + j] + i * gg;
                out[b * hidden + j] = o * Math.tanh(c);
                out[batch * hidden + b * hidden + j] = c;
            }
        }
        return out;
    }

    // ---- dynamic local filtering, cross convolution ------------------------------------------------------------

    static double[] localFilter(double[] x, double[] f, int b, int c, int h, int w, int kh, int kw) {
        double[] y = new double[x.length];
        for (int n = 0; n < b; n++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double s = 0;
                        for (int k = 0; k < kh * kw; k++) {
                            int r = i + k / kw - kh / 2, q = j + k % kw - kw / 2;
                            if (r >= 0 && r < h && q >= 0 && q < w) {
                                s += f[((n * kh * kw + k) * h + i) * w + j] * x[((n * c + ch) * h + r) * w + q];
                            }
                        }
                        y[((n * c + ch) * h + i) * w + j] = s;
                    }
                }
            }
        }
        return y;
    }

    static double[] crossConv(double[] x, double[] k, int b, int c, int h, int w, int kh, int kw, int ph, int pw) {
        int oh = h + 2 * ph - kh + 1, ow = w + 2 * pw - kw + 1;
        double[] y = new double[b * c * oh * ow];
        for (int p = 0; p < b * c; p++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    double s = 0;
                    for (int u = 0; u < kh; u++) {
                        for (int v = 0; v < kw; v++) {
                            int r = i + u - ph, q = j + v - pw;
                            if (r >= 0 && r < h && q >= 0 && q < w) {
                                s += k[(p * kh + u) * kw + v] * x[(p * h + r) * w + q];
                            }
                        }
                    }
                    y[(p * oh + i) * ow + j] = s;
                }
            }
        }
        return y;
    }

    // ---- resize ---------------------------------------------------------------------------------------------------

    /** PyTorch's nearest source index (float arithmetic, as its CPU kernel). */
    static int nearestIndex(int dst, int in, int out) {
        float scale = (float) in / out;
        return Math.min((int) Math.floor(dst * scale), in - 1);
    }

    /** Linear interpolation weights of one axis: a dense (out × in) matrix. */
    static double[][] linearMatrix(int in, int out, boolean alignCorners) {
        double[][] m = new double[out][in];
        for (int o = 0; o < out; o++) {
            float src;
            if (alignCorners) {
                src = out > 1 ? (float) (in - 1) / (out - 1) * o : 0f;
            } else {
                src = Math.max((float) in / out * (o + 0.5f) - 0.5f, 0f);
            }
            int i0 = Math.min((int) src, in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double l1 = src - i0;
            m[o][i0] += 1 - l1;
            m[o][i1] += l1;
        }
        return m;
    }

    static double[][] nearestMatrix(int in, int out) {
        double[][] m = new double[out][in];
        for (int o = 0; o < out; o++) {
            m[o][nearestIndex(o, in, out)] = 1;
        }
        return m;
    }

    /** Separable resampling of planes (d, h, w) → (od, oh, ow) with per-axis matrices. */
    static double[] resize(double[] x, int planes, int[] in, int[] out, double[][][] m) {
        double[] y = new double[planes * out[0] * out[1] * out[2]];
        for (int p = 0; p < planes; p++) {
            for (int a = 0; a < out[0]; a++) {
                for (int b = 0; b < out[1]; b++) {
                    for (int c = 0; c < out[2]; c++) {
                        double s = 0;
                        for (int i = 0; i < in[0]; i++) {
                            for (int j = 0; j < in[1]; j++) {
                                for (int k = 0; k < in[2]; k++) {
                                    s += m[0][a][i] * m[1][b][j] * m[2][c][k]
                                            * x[((p * in[0] + i) * in[1] + j) * in[2] + k];
                                }
                            }
                        }
                        y[((p * out[0] + a) * out[1] + b) * out[2] + c] = s;
                    }
                }
            }
        }
        return y;
    }

    // ---- pooling --------------------------------------------------------------------------------------------------

    /** Pooling of planes (d, h, w); max ignores padding, average divides by the window volume. */
    static double[] pool(double[] x, int planes, int[] in, int[] k, int[] s, int[] p, boolean max) {
        int[] out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (in[i] + 2 * p[i] - k[i]) / s[i] + 1;
        }
        double[] y = new double[planes * out[0] * out[1] * out[2]];
        for (int pl = 0; pl < planes; pl++) {
            for (int a = 0; a < out[0]; a++) {
                for (int b = 0; b < out[1]; b++) {
                    for (int c = 0; c < out[2]; c++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        for (int i = 0; i < k[0]; i++) {
                            for (int j = 0; j < k[1]; j++) {
                                for (int l = 0; l < k[2]; l++) {
                                    int z = a * s[0] - p[0] + i, r = b * s[1] - p[1] + j, q = c * s[2] - p[2] + l;
                                    if (z < 0 || z >= in[0] || r < 0 || r >= in[1] || q < 0 || q >= in[2]) {
                                        continue;
                                    }
                                    double v = x[((pl * in[0] + z) * in[1] + r) * in[2] + q];
                                    acc = max ? Math.max(acc, v) : acc + v;
                                }
                            }
                        }
                        y[((pl * out[0] + a) * out[1] + b) * out[2] + c] = max ? acc : acc / (k[0] * k[1] * k[2]);
                    }
                }
            }
        }
        return y;
    }

    // ---- convolution ----------------------------------------------------------------------------------------------

    /** Direct 3-d convolution (1-d and 2-d padded with unit axes) with groups, stride, padding, dilation. */
    static double[] conv(double[] x, double[] w, double[] bias, int n, int cin, int cout, int groups, int[] in,
                         int[] k, int[] s, int[] p, int[] d, int[] out) {
        double[] y = new double[n * cout * out[0] * out[1] * out[2]];
        int cinG = cin / groups, coutG = cout / groups;
        for (int b = 0; b < n; b++) {
            for (int co = 0; co < cout; co++) {
                int g = co / coutG;
                for (int a = 0; a < out[0]; a++) {
                    for (int e = 0; e < out[1]; e++) {
                        for (int f = 0; f < out[2]; f++) {
                            double acc = bias == null ? 0 : bias[co];
                            for (int ci = 0; ci < cinG; ci++) {
                                for (int i = 0; i < k[0]; i++) {
                                    for (int j = 0; j < k[1]; j++) {
                                        for (int l = 0; l < k[2]; l++) {
                                            int z = a * s[0] - p[0] + i * d[0], r = e * s[1] - p[1] + j * d[1];
                                            int q = f * s[2] - p[2] + l * d[2];
                                            if (z < 0 || z >= in[0] || r < 0 || r >= in[1] || q < 0 || q >= in[2]) {
                                                continue;
                                            }
                                            int c = g * cinG + ci;
                                            acc += w[(((co * cinG + ci) * k[0] + i) * k[1] + j) * k[2] + l]
                                                    * x[(((b * cin + c) * in[0] + z) * in[1] + r) * in[2] + q];
                                        }
                                    }
                                }
                            }
                            y[(((b * cout + co) * out[0] + a) * out[1] + e) * out[2] + f] = acc;
                        }
                    }
                }
            }
        }
        return y;
    }
}
