package io.nextframe.simd;

import io.nextframe.core.Backend;
import io.nextframe.core.Philox;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.Distribution;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.core.ops.UnaryOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static io.nextframe.simd.Naive.assertClose;
import static io.nextframe.simd.Naive.numericGradient;
import static io.nextframe.simd.Naive.random;
import static io.nextframe.simd.Naive.toDouble;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every op of the simd backend against the double-precision loops of {@link Naive} (and finite differences). */
class SimdKernelsTest {
    private static final double FWD = 2e-5;
    private static final double GRAD = 2e-4;
    private static Backend be;

    @BeforeAll
    static void open() {
        be = new Backend(new SimdKernels(2), "simd");
    }

    @AfterAll
    static void close() {
        be.close();
    }

    private static Tensor t(float[] data, int... dims) {
        return be.fromFloats(Shape.of(dims), data);
    }

    // ---- layout ------------------------------------------------------------------------------------------------

    @Test
    void copyHandlesContiguousRowContiguousAndStridedViews() {
        int a = 5, b = 7, c = 9;
        float[] x = random(1, a * b * c);
        try (Tensor src = t(x, a, b, c)) {
            // permuted: no unit stride anywhere useful → general path
            float[] p = be.copyOf(src.permute(2, 0, 1)).toFloatArray();
            // sliced along the middle axis: last axis contiguous → row path
            float[] s = be.copyOf(src.slice(1, 2, 6)).toFloatArray();
            for (int i = 0; i < a; i++) {
                for (int j = 0; j < b; j++) {
                    for (int k = 0; k < c; k++) {
                        float v = x[(i * b + j) * c + k];
                        assertEquals(v, p[(k * a + i) * b + j]);
                        if (j >= 2 && j < 6) {
                            assertEquals(v, s[(i * 4 + j - 2) * c + k]);
                        }
                    }
                }
            }
            float[] big = random(2, 70000);
            try (Tensor bt = t(big, 70000)) {
                assertArrayEquals(big, be.copyOf(bt).toFloatArray());
            }
        }
    }

    @Test
    void fillAndConcat() {
        try (Tensor z = be.zeros(3, 10001)) {
            be.fill(z, 2.5f);
            float[] f = z.toFloatArray();
            for (float v : f) {
                assertEquals(2.5f, v);
            }
        }
        float[] a = random(3, 2 * 3 * 4), b = random(4, 2 * 1 * 4);
        try (Tensor ta = t(a, 2, 3, 4); Tensor tb = t(b, 2, 1, 4); Tensor out = be.concat(List.of(ta, tb), 1)) {
            float[] o = out.toFloatArray();
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int k = 0; k < 4; k++) {
                        float want = j < 3 ? a[(i * 3 + j) * 4 + k] : b[i * 4 + k];
                        assertEquals(want, o[(i * 4 + j) * 4 + k]);
                    }
                }
            }
        }
    }

    // ---- gemm and conv (temporary fallbacks, still the backend's answers) -------------------------------------------

    @Test
    void gemmAllTransposesAndBatchBroadcast() {
        int m = 7, n = 37, k = 19;
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                float[] a = random(5, 2 * m * k), b = random(6, k * n), c0 = random(7, 2 * m * n);
                try (Tensor A = ta ? t(a, 2, k, m) : t(a, 2, m, k); Tensor B = tb ? t(b, 1, n, k) : t(b, 1, k, n);
                     Tensor C = t(c0, 2, m, n)) {
                    be.gemm(ta, tb, 1.5f, A, B, 0.5f, C);
                    double[] want = new double[2 * m * n];
                    for (int bi = 0; bi < 2; bi++) {
                        for (int i = 0; i < m; i++) {
                            for (int j = 0; j < n; j++) {
                                double s = 0;
                                for (int p = 0; p < k; p++) {
                                    double av = ta ? a[bi * m * k + p * m + i] : a[bi * m * k + i * k + p];
                                    double bv = tb ? b[j * k + p] : b[p * n + j];
                                    s += av * bv;
                                }
                                want[(bi * m + i) * n + j] = 1.5 * s + 0.5 * c0[(bi * m + i) * n + j];
                            }
                        }
                    }
                    assertClose("gemm " + ta + "," + tb, want, C.toFloatArray(), FWD * 10);
                }
            }
        }
        // β = 0 ignores NaN in C
        float[] nan = new float[4];
        Arrays.fill(nan, Float.NaN);
        try (Tensor A = t(new float[] {1, 2, 3, 4}, 2, 2); Tensor C = t(nan, 2, 2)) {
            be.gemm(false, false, 1f, A, A, 0f, C);
            assertArrayEquals(new float[] {7, 10, 15, 22}, C.toFloatArray());
        }
    }

    @Test
    void convForwardAndBothBackwardsMatchDirectLoopsIn1d2d3d() {
        convCase(new int[] {11}, new int[] {3}, ConvSpec.of(1, 2, 1), 2, 4, 6, 2);
        convCase(new int[] {6, 7}, new int[] {3, 2}, new ConvSpec(new int[] {1, 2}, new int[] {1, 0},
                new int[] {2, 1}, 1), 2, 3, 4, 1);
        convCase(new int[] {4, 5, 5}, new int[] {2, 3, 3}, ConvSpec.of(3, 1, 1), 1, 2, 3, 1);
    }

    private static void convCase(int[] spatial, int[] kernel, ConvSpec spec, int n, int cin, int cout, int groups) {
        spec = spec.withGroups(groups);
        int d = spatial.length;
        int[] in = Spatial.pad3(spatial, 1), k = Spatial.pad3(kernel, 1), s = Spatial.pad3(spec.stride(), 1);
        int[] p = Spatial.pad3(spec.padding(), 0), dil = Spatial.pad3(spec.dilation(), 1), out = new int[3];
        for (int i = 0; i < 3; i++) {
            out[i] = (in[i] + 2 * p[i] - dil[i] * (k[i] - 1) - 1) / s[i] + 1;
        }
        int[] xd = concatDims(new int[] {n, cin}, spatial), wd = concatDims(new int[] {cout, cin / groups}, kernel);
        int[] yd = concatDims(new int[] {n, cout}, Arrays.copyOfRange(out, 3 - d, 3));
        int xs = (int) Shape.of(xd).size(), ws = (int) Shape.of(wd).size(), ys = (int) Shape.of(yd).size();
        float[] x = random(11, xs), w = random(12, ws), bias = random(13, cout), r = random(14, ys);
        int fcin = cin, fcout = cout;
        try (Tensor X = t(x, xd); Tensor W = t(w, wd); Tensor B = t(bias, cout); Tensor Y = be.zeros(yd);
             Tensor R = t(r, yd); Tensor DX = be.zeros(xd); Tensor DW = be.zeros(wd); Tensor DB = be.zeros(cout)) {
            be.convForward(spec, X, W, B, Y);
            double[] want = Naive.conv(toDouble(x), toDouble(w), toDouble(bias), n, cin, cout, groups, in, k, s, p,
                    dil, out);
            assertClose("conv forward " + spec, want, Y.toFloatArray(), FWD * 10);
            be.convBackwardData(spec, R, W, DX);
            double[] gx = numericGradient(v -> Naive.conv(v, toDouble(w), null, n, fcin, fcout, groups, in, k, s, p,
                    dil, out), toDouble(x), toDouble(r));
            assertClose("conv backward-data " + spec, gx, DX.toFloatArray(), GRAD);
            be.convBackwardWeight(spec, X, R, DW, DB);
            double[] gw = numericGradient(v -> Naive.conv(toDouble(x), v, null, n, fcin, fcout, groups, in, k, s, p,
                    dil, out), toDouble(w), toDouble(r));
            assertClose("conv backward-weight " + spec, gw, DW.toFloatArray(), GRAD);
            double[] gb = numericGradient(v -> Naive.conv(toDouble(x), toDouble(w), v, n, fcin, fcout, groups, in, k,
                    s, p, dil, out), toDouble(bias), toDouble(r));
            assertClose("conv dbias " + spec, gb, DB.toFloatArray(), GRAD);
        }
    }

    private static int[] concatDims(int[] a, int[] b) {
        int[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    // ---- batch norm ------------------------------------------------------------------------------------------

    @Test
    void batchNormTrainingMatchesPyTorchSemanticsAndItsGradient() {
        int n = 3, c = 4, h = 5, w = 3, s = h * w;
        float eps = 1e-5f, mom = 0.1f;
        float[] x = random(21, n * c * s), gamma = random(22, c), beta = random(23, c), dyv = random(24, n * c * s);
        float[] rm0 = random(25, c), rv0 = {0.5f, 1f, 1.5f, 2f};
        try (Tensor X = t(x, n, c, h, w); Tensor G = t(gamma, c); Tensor B = t(beta, c); Tensor RM = t(rm0, c);
             Tensor RV = t(rv0, c); Tensor Y = be.zeros(n, c, h, w); Tensor SM = be.zeros(c); Tensor SI = be.zeros(c);
             Tensor DY = t(dyv, n, c, h, w); Tensor DX = be.zeros(n, c, h, w); Tensor DG = be.zeros(c);
             Tensor DB = be.zeros(c)) {
            be.batchNormForward(X, G, B, RM, RV, true, mom, eps, Y, SM, SI);
            double[] want = Naive.batchNormTrain(toDouble(x), toDouble(gamma), toDouble(beta), n, c, s, eps);
            assertClose("bn forward", want, Y.toFloatArray(), FWD);
            double[] mean = new double[c], var = new double[c];
            for (int ch = 0; ch < c; ch++) {
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < s; i++) {
                        mean[ch] += x[(b * c + ch) * s + i] / (double) (n * s);
                    }
                }
                for (int b = 0; b < n; b++) {
                    for (int i = 0; i < s; i++) {
                        double d = x[(b * c + ch) * s + i] - mean[ch];
                        var[ch] += d * d;
                    }
                }
            }
            double[] wantRm = new double[c], wantRv = new double[c], wantInv = new double[c];
            for (int ch = 0; ch < c; ch++) {
                wantRm[ch] = (1 - mom) * rm0[ch] + mom * mean[ch];
                wantRv[ch] = (1 - mom) * rv0[ch] + mom * var[ch] / (n * s - 1); // unbiased for the running estimate
                wantInv[ch] = 1 / Math.sqrt(var[ch] / (n * s) + eps);       // biased for normalising
            }
            assertClose("running mean", wantRm, RM.toFloatArray(), FWD);
            assertClose("running var", wantRv, RV.toFloatArray(), FWD);
            assertClose("save mean", mean, SM.toFloatArray(), FWD);
            assertClose("save invstd", wantInv, SI.toFloatArray(), FWD);

            be.batchNormBackward(X, G, SM, SI, true, DY, DX, DG, DB);
            double[] gx = numericGradient(v -> Naive.batchNormTrain(v, toDouble(gamma), toDouble(beta), n, c, s, eps),
                    toDouble(x), toDouble(dyv));
            assertClose("bn dx", gx, DX.toFloatArray(), GRAD);
            double[] gg = numericGradient(v -> Naive.batchNormTrain(toDouble(x), v, toDouble(beta), n, c, s, eps),
                    toDouble(gamma), toDouble(dyv));
            assertClose("bn dgamma", gg, DG.toFloatArray(), GRAD);
            double[] gb = numericGradient(v -> Naive.batchNormTrain(toDouble(x), toDouble(gamma), v, n, c, s, eps),
                    toDouble(beta), toDouble(dyv));
            assertClose("bn dbeta", gb, DB.toFloatArray(), GRAD);
        }
    }

    @Test
    void batchNormEvaluationUsesRunningStatisticsAndTreatsThemAsConstants() {
        int n = 2, c = 3, s = 4;
        float eps = 1e-3f;
        float[] x = random(31, n * c * s), gamma = random(32, c), beta = random(33, c), dyv = random(34, n * c * s);
        float[] rm = {0.1f, -0.2f, 0.3f}, rv = {0.5f, 2f, 1f};
        try (Tensor X = t(x, n, c, s); Tensor G = t(gamma, c); Tensor B = t(beta, c); Tensor RM = t(rm, c);
             Tensor RV = t(rv, c); Tensor Y = be.zeros(n, c, s); Tensor SM = be.zeros(c); Tensor SI = be.zeros(c);
             Tensor DY = t(dyv, n, c, s); Tensor DX = be.zeros(n, c, s); Tensor DG = be.zeros(c)) {
            be.batchNormForward(X, G, B, RM, RV, false, 0.1f, eps, Y, SM, SI);
            double[] want = new double[x.length], wantDx = new double[x.length], wantDg = new double[c];
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < s; i++) {
                        int at = (b * c + ch) * s + i;
                        double inv = 1 / Math.sqrt(rv[ch] + (double) eps);
                        want[at] = (x[at] - rm[ch]) * inv * gamma[ch] + beta[ch];
                        wantDx[at] = dyv[at] * gamma[ch] * inv;
                        wantDg[ch] += dyv[at] * (x[at] - rm[ch]) * inv;
                    }
                }
            }
            assertClose("bn eval forward", want, Y.toFloatArray(), FWD);
            assertArrayEquals(rm, RM.toFloatArray(), "running mean unchanged in evaluation");
            be.batchNormBackward(X, G, SM, SI, false, DY, DX, DG, null);
            assertClose("bn eval dx", wantDx, DX.toFloatArray(), FWD);
            assertClose("bn eval dgamma", wantDg, DG.toFloatArray(), FWD);
        }
    }

    // ---- pooling ---------------------------------------------------------------------------------------------

    @Test
    void poolingMaxAndAverageIn1d2d3dWithPaddingAndStrides() {
        poolCase(new int[] {9}, new PoolSpec(PoolSpec.Kind.MAX, new int[] {3}, new int[] {2}, new int[] {1}));
        poolCase(new int[] {9}, new PoolSpec(PoolSpec.Kind.AVG, new int[] {3}, new int[] {1}, new int[] {1}));
        poolCase(new int[] {7, 6}, new PoolSpec(PoolSpec.Kind.MAX, new int[] {2, 3}, new int[] {2, 1},
                new int[] {1, 1}));
        poolCase(new int[] {7, 6}, new PoolSpec(PoolSpec.Kind.AVG, new int[] {3, 2}, new int[] {2, 2},
                new int[] {1, 0}));
        poolCase(new int[] {7, 40}, new PoolSpec(PoolSpec.Kind.AVG, new int[] {3, 3}, new int[] {1, 1},
                new int[] {1, 1}));
        poolCase(new int[] {4, 5, 6}, PoolSpec.of(PoolSpec.Kind.MAX, 3, 2));
        // rows wide enough for the vectorised max paths (stride 1 and 2 along W), odd widths and padding
        poolCase(new int[] {5, 71}, PoolSpec.of(PoolSpec.Kind.MAX, 2, 2));
        poolCase(new int[] {5, 70}, new PoolSpec(PoolSpec.Kind.MAX, new int[] {3, 3}, new int[] {2, 2},
                new int[] {1, 1}));
        poolCase(new int[] {4, 67}, new PoolSpec(PoolSpec.Kind.MAX, new int[] {3, 3}, new int[] {1, 1},
                new int[] {1, 1}));
        poolCase(new int[] {3, 69}, new PoolSpec(PoolSpec.Kind.MAX, new int[] {2, 4}, new int[] {1, 2},
                new int[] {0, 2}));
        poolCase(new int[] {4, 5, 6}, PoolSpec.of(PoolSpec.Kind.AVG, 3, 2));
    }

    private static void poolCase(int[] spatial, PoolSpec spec) {
        int n = 2, c = 3, planes = n * c;
        int[] xd = concatDims(new int[] {n, c}, spatial);
        Shape ys = Backend.poolOutputShape(spec, Shape.of(xd));
        float[] x = random(41, (int) Shape.of(xd).size()), r = random(42, (int) ys.size());
        int[] in = Spatial.pad3(spatial, 1), k = Spatial.pad3(spec.kernel(), 1), s = Spatial.pad3(spec.stride(), 1);
        int[] p = Spatial.pad3(spec.padding(), 0);
        boolean max = spec.kind() == PoolSpec.Kind.MAX;
        try (Tensor X = t(x, xd); Tensor Y = be.pool(spec, X); Tensor R = be.fromFloats(ys, r);
             Tensor DX = be.zeros(xd)) {
            assertClose("pool " + spec.kind() + " " + Arrays.toString(spatial),
                    Naive.pool(toDouble(x), planes, in, k, s, p, max), Y.toFloatArray(), FWD);
            be.poolBackward(spec, X, R, DX);
            // random inputs have distinct values, so max pooling is differentiable here
            double[] g = numericGradient(v -> Naive.pool(v, planes, in, k, s, p, max), toDouble(x), toDouble(r));
            assertClose("pool backward " + spec.kind() + " " + Arrays.toString(spatial), g, DX.toFloatArray(), GRAD);
        }
    }

    @Test
    void maxPoolRoutesTiesToTheFirstMaximum() {
        PoolSpec spec = PoolSpec.of(PoolSpec.Kind.MAX, 2, 2);
        try (Tensor X = t(new float[] {1, 3, 3, 3}, 1, 1, 2, 2); Tensor DY = t(new float[] {5}, 1, 1, 1, 1);
             Tensor DX = be.zeros(1, 1, 2, 2)) {
            be.poolBackward(spec, X, DY, DX);
            assertArrayEquals(new float[] {0, 5, 0, 0}, DX.toFloatArray());
        }
    }

    // ---- resize ----------------------------------------------------------------------------------------------

    @Test
    void resizeKnownValuesFromPyTorch() {
        try (Tensor X = t(new float[] {1, 2}, 1, 1, 2); Tensor Y = be.zeros(1, 1, 4); Tensor Z = be.zeros(1, 1, 3)) {
            be.resizeForward(ResizeMode.LINEAR, false, X, Y);
            assertArrayEquals(new float[] {1f, 1.25f, 1.75f, 2f}, Y.toFloatArray());
            be.resizeForward(ResizeMode.LINEAR, true, X, Z);
            assertArrayEquals(new float[] {1f, 1.5f, 2f}, Z.toFloatArray());
            be.resizeForward(ResizeMode.NEAREST, false, X, Y);
            assertArrayEquals(new float[] {1f, 1f, 2f, 2f}, Y.toFloatArray());
        }
    }

    @Test
    void resizeNearestAndLinearIn1d2d3dForwardAndAdjoint() {
        int[][][] cases = {{{5}, {12}}, {{9}, {4}}, {{3, 5}, {7, 10}}, {{6, 8}, {3, 5}}, {{2, 3, 4}, {4, 5, 3}}};
        for (int[][] cs : cases) {
            for (ResizeMode mode : ResizeMode.values()) {
                for (boolean align : new boolean[] {false, true}) {
                    if (mode == ResizeMode.NEAREST && align) {
                        continue;
                    }
                    resizeCase(cs[0], cs[1], mode, align);
                }
            }
        }
    }

    private static void resizeCase(int[] inS, int[] outS, ResizeMode mode, boolean align) {
        int n = 2, c = 2, planes = n * c;
        int[] xd = concatDims(new int[] {n, c}, inS), yd = concatDims(new int[] {n, c}, outS);
        int[] in = Spatial.pad3(inS, 1), out = Spatial.pad3(outS, 1);
        double[][][] m = new double[3][][];
        for (int i = 0; i < 3; i++) {
            m[i] = mode == ResizeMode.NEAREST ? Naive.nearestMatrix(in[i], out[i])
                    : Naive.linearMatrix(in[i], out[i], align);
        }
        float[] x = random(51, (int) Shape.of(xd).size()), r = random(52, (int) Shape.of(yd).size());
        String what = "resize " + mode + (align ? " aligned " : " ") + Arrays.toString(inS) + "→"
                + Arrays.toString(outS);
        try (Tensor X = t(x, xd); Tensor Y = be.zeros(yd); Tensor R = t(r, yd); Tensor DX = be.zeros(xd)) {
            be.resizeForward(mode, align, X, Y);
            assertClose(what, Naive.resize(toDouble(x), planes, in, out, m), Y.toFloatArray(), FWD);
            be.resizeBackward(mode, align, R, DX);
            double[] g = numericGradient(v -> Naive.resize(v, planes, in, out, m), toDouble(x), toDouble(r));
            assertClose(what + " backward", g, DX.toFloatArray(), GRAD);
        }
    }

    // ---- pointwise -------------------------------------------------------------------------------------------

    @Test
    void unaryForwardAndBackwardForEveryOp() {
        int n = 1000;
        float[] x = random(61, n);
        float a = 0.3f, b = 0.7f;
        for (UnaryOp op : UnaryOp.values()) {
            float[] xin = x.clone();
            if (op == UnaryOp.SQRT || op == UnaryOp.LOG || op == UnaryOp.POW || op == UnaryOp.RECIPROCAL) {
                for (int i = 0; i < n; i++) {
                    xin[i] = 0.1f + Math.abs(xin[i]) * 3;
                }
            }
            if (op == UnaryOp.EXP || op == UnaryOp.SOFTPLUS || op == UnaryOp.SIGMOID || op == UnaryOp.TANH) {
                for (int i = 0; i < n; i++) {
                    xin[i] *= 12;
                }
            }
            float pa = op == UnaryOp.POW ? 2.5f : op == UnaryOp.CLAMP ? -0.4f : a;
            double[] want = new double[n], wantDx = new double[n];
            float[] dyv = random(62, n);
            for (int i = 0; i < n; i++) {
                want[i] = f(op, pa, b, xin[i]);
                wantDx[i] = dyv[i] * df(op, pa, b, xin[i]);
            }
            try (Tensor X = t(xin, n); Tensor Y = be.unary(op, pa, b, X); Tensor DY = t(dyv, n);
                 Tensor DX = be.zeros(n)) {
                assertClose("unary " + op, want, Y.toFloatArray(), 1e-5);
                be.unaryBackward(op, pa, b, op.backwardNeedsX() ? X : null, op.backwardNeedsY() ? Y : null, DY, DX);
                assertClose("unary backward " + op, wantDx, DX.toFloatArray(), 1e-5);
            }
        }
    }

    private static double f(UnaryOp op, double a, double b, double x) {
        return switch (op) {
            case NEG -> -x;
            case ABS -> Math.abs(x);
            case SQUARE -> x * x;
            case SQRT -> Math.sqrt(x);
            case EXP -> Math.exp(x);
            case LOG -> Math.log(x);
            case RECIPROCAL -> 1 / x;
            case RELU -> Math.max(x, 0);
            case LEAKY_RELU -> x > 0 ? x : a * x;
            case SIGMOID -> Naive.sigmoid(x);
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> Math.log1p(Math.exp(x));
            case CLAMP -> Math.min(Math.max(x, a), b);
            case AFFINE -> a * x + b;
            case POW -> Math.pow(x, a);
            case GREATER_THAN -> x > a ? 1 : 0;
            case SIGN -> Math.signum(x);
        };
    }

    private static double df(UnaryOp op, double a, double b, double x) {
        return switch (op) {
            case NEG -> -1;
            case ABS -> Math.signum(x);
            case SQUARE -> 2 * x;
            case SQRT -> 0.5 / Math.sqrt(x);
            case EXP -> Math.exp(x);
            case LOG -> 1 / x;
            case RECIPROCAL -> -1 / (x * x);
            case RELU -> x > 0 ? 1 : 0;
            case LEAKY_RELU -> x > 0 ? 1 : a;
            case SIGMOID -> Naive.sigmoid(x) * (1 - Naive.sigmoid(x));
            case TANH -> 1 - Math.tanh(x) * Math.tanh(x);
            case SOFTPLUS -> Naive.sigmoid(x);
            case CLAMP -> x >= a && x <= b ? 1 : 0;
            case AFFINE -> a;
            case POW -> a * Math.pow(x, a - 1);
            case GREATER_THAN, SIGN -> 0;
        };
    }

    @Test
    void binaryBroadcastingCases() {
        int[][][] cases = {
                {{4, 5, 6}, {4, 5, 6}},      // same shape
                {{4, 5, 6}, {1, 1, 1}},      // scalar
                {{1, 1, 1}, {4, 5, 6}},      // scalar on the left
                {{2, 3, 4, 5}, {1, 3, 1, 1}}, // per-channel bias
                {{2, 3, 4, 5}, {2, 1, 4, 1}}, // mixed
                {{3, 1, 5}, {1, 4, 1}},      // outer product
                {{2, 3, 4, 5}, {1, 1, 1, 5}}, // last-axis row
        };
        for (int[][] cs : cases) {
            for (BinaryOp op : BinaryOp.values()) {
                binaryCase(op, cs[0], cs[1]);
            }
        }
    }

    private static void binaryCase(BinaryOp op, int[] ad, int[] bd) {
        Shape ys = Backend.broadcastShape("test", Shape.of(ad), Shape.of(bd));
        float[] a = random(71, (int) Shape.of(ad).size()), b = random(72, (int) Shape.of(bd).size());
        if (op == BinaryOp.EQ) {
            for (int i = 0; i < b.length; i++) {
                b[i] = i % 3 == 0 ? a[i % a.length] : b[i];
            }
        }
        int r = ys.rank();
        int[] yd = ys.dims();
        double[] want = new double[(int) ys.size()];
        for (int i = 0; i < want.length; i++) {
            int rest = i, ai = 0, bi = 0, am = 1, bm = 1;
            for (int ax = r - 1; ax >= 0; ax--) {
                int idx = rest % yd[ax];
                rest /= yd[ax];
                ai += (ad[ax] == 1 ? 0 : idx) * am;
                bi += (bd[ax] == 1 ? 0 : idx) * bm;
                am *= ad[ax];
                bm *= bd[ax];
            }
            double x = a[ai], y = b[bi];
            want[i] = switch (op) {
                case ADD -> (float) (x + y);
                case SUB -> (float) (x - y);
                case MUL -> (float) (x * y);
                case DIV -> (float) (x / y);
                case MAX -> Math.max(x, y);
                case MIN -> Math.min(x, y);
                case EQ -> x == y ? 1 : 0;
                case GT -> x > y ? 1 : 0;
                case GE -> x >= y ? 1 : 0;
            };
        }
        try (Tensor A = t(a, ad); Tensor B = t(b, bd); Tensor Y = be.binary(op, A, B)) {
            assertClose("binary " + op + " " + Arrays.toString(ad) + " " + Arrays.toString(bd), want,
                    Y.toFloatArray(), 0);
        }
    }

    @Test
    void binaryMayWriteIntoItsInput() {
        float[] a = random(73, 20000), b = random(74, 20000);
        try (Tensor A = t(a, 20000); Tensor B = t(b, 20000)) {
            be.binary(BinaryOp.ADD, A, B, A);
            float[] got = A.toFloatArray();
            for (int i = 0; i < a.length; i++) {
                assertEquals(a[i] + b[i], got[i]);
            }
        }
    }

    // ---- reduction -------------------------------------------------------------------------------------------

    @Test
    void reduceOverEveryAxisPattern() {
        int[] xd = {3, 4, 5, 6};
        float[] x = random(81, 360);
        for (int mask = 0; mask < 16; mask++) {
            int[] yd = xd.clone();
            for (int ax = 0; ax < 4; ax++) {
                if ((mask >> ax & 1) == 1) {
                    yd[ax] = 1;
                }
            }
            for (ReduceOp op : ReduceOp.values()) {
                double[] want = new double[(int) Shape.of(yd).size()];
                Arrays.fill(want, op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : 0);
                long count = 360 / want.length;
                for (int i = 0; i < 360; i++) {
                    int rest = i, yi = 0, ym = 1;
                    for (int ax = 3; ax >= 0; ax--) {
                        int idx = rest % xd[ax];
                        rest /= xd[ax];
                        yi += (yd[ax] == 1 ? 0 : idx) * ym;
                        ym *= yd[ax];
                    }
                    want[yi] = op == ReduceOp.MAX ? Math.max(want[yi], x[i]) : want[yi] + x[i];
                }
                if (op == ReduceOp.MEAN) {
                    for (int i = 0; i < want.length; i++) {
                        want[i] /= count;
                    }
                }
                try (Tensor X = t(x, xd); Tensor Y = be.zeros(yd)) {
                    be.reduce(op, X, Y);
                    assertClose("reduce " + op + " to " + Arrays.toString(yd), want, Y.toFloatArray(), FWD * 10);
                }
            }
        }
    }

    // ---- softmax -------------------------------------------------------------------------------------------

    @Test
    void softmaxAndLogSoftmaxAlongEveryAxisWithGradients() {
        int[] xd = {3, 21, 5};
        float[] x = random(91, 315), r = random(92, 315);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 8;
        }
        for (int axis = 0; axis < 3; axis++) {
            int outer = 1, inner = 1;
            for (int i = 0; i < axis; i++) {
                outer *= xd[i];
            }
            for (int i = axis + 1; i < 3; i++) {
                inner *= xd[i];
            }
            int o = outer, a = xd[axis], in = inner;
            for (boolean log : new boolean[] {false, true}) {
                try (Tensor X = t(x, xd); Tensor Y = be.zeros(xd); Tensor R = t(r, xd); Tensor DX = be.zeros(xd)) {
                    be.softmax(log, axis, X, Y);
                    assertClose("softmax log=" + log + " axis " + axis, Naive.softmax(toDouble(x), o, a, in, log),
                            Y.toFloatArray(), FWD);
                    be.softmaxBackward(log, axis, Y, R, DX);
                    double[] g = numericGradient(v -> Naive.softmax(v, o, a, in, log), toDouble(x), toDouble(r));
                    assertClose("softmax backward log=" + log + " axis " + axis, g, DX.toFloatArray(), GRAD);
                }
            }
        }
    }

    // ---- LSTM ----------------------------------------------------------------------------------------------------

    @Test
    void lstmCellForwardAndBackward() {
        int b = 3, h = 21;
        float[] gates = random(101, b * 4 * h), cPrev = random(102, b * h), rh = random(103, b * h);
        float[] rc = random(104, b * h);
        for (int i = 0; i < gates.length; i++) {
            gates[i] *= 3;
        }
        try (Tensor G = t(gates, b, 4 * h); Tensor CP = t(cPrev, b, h); Tensor H = be.zeros(b, h);
             Tensor C = be.zeros(b, h); Tensor DH = t(rh, b, h); Tensor DC = t(rc, b, h);
             Tensor DG = be.zeros(b, 4 * h); Tensor DCP = be.zeros(b, h)) {
            be.lstmCellForward(G, CP, H, C);
            double[] want = Naive.lstm(toDouble(gates), toDouble(cPrev), b, h);
            float[] got = new float[2 * b * h];
            System.arraycopy(H.toFloatArray(), 0, got, 0, b * h);
            System.arraycopy(C.toFloatArray(), 0, got, b * h, b * h);
            assertClose("lstm forward", want, got, FWD);

            double[] r = new double[2 * b * h];
            for (int i = 0; i < b * h; i++) {
                r[i] = rh[i];
                r[b * h + i] = rc[i];
            }
            be.lstmCellBackward(G, CP, C, DH, DC, DG, DCP);
            assertClose("lstm dgates", numericGradient(v -> Naive.lstm(v, toDouble(cPrev), b, h), toDouble(gates), r),
                    DG.toFloatArray(), GRAD);
            assertClose("lstm dcPrev", numericGradient(v -> Naive.lstm(toDouble(gates), v, b, h), toDouble(cPrev), r),
                    DCP.toFloatArray(), GRAD);
            // without dc only h carries gradient
            Arrays.fill(r, b * h, 2 * b * h, 0);
            be.lstmCellBackward(G, CP, C, DH, null, DG, DCP);
            assertClose("lstm dgates without dc",
                    numericGradient(v -> Naive.lstm(v, toDouble(cPrev), b, h), toDouble(gates), r),
                    DG.toFloatArray(), GRAD);
        }
    }

    // ---- dynamic local filtering, cross convolution --------------------------------------------------------------

    @Test
    void localFilterForwardAndBackward() {
        for (int[] k : new int[][] {{3, 3}, {5, 4}, {1, 9}}) {
            int b = 2, c = 2, h = 7, w = 19, kh = k[0], kw = k[1];
            float[] x = random(111, b * c * h * w), f = random(112, b * kh * kw * h * w), r = random(113, b * c * h * w);
            try (Tensor X = t(x, b, c, h, w); Tensor Fl = t(f, b, kh * kw, h, w); Tensor Y = be.zeros(b, c, h, w);
                 Tensor R = t(r, b, c, h, w); Tensor DX = be.zeros(b, c, h, w);
                 Tensor DF = be.zeros(b, kh * kw, h, w)) {
                be.localFilterForward(X, Fl, kh, kw, Y);
                assertClose("local filter " + kh + "×" + kw,
                        Naive.localFilter(toDouble(x), toDouble(f), b, c, h, w, kh, kw), Y.toFloatArray(), FWD);
                be.localFilterBackward(X, Fl, kh, kw, R, DX, DF);
                assertClose("local filter dx", numericGradient(v -> Naive.localFilter(v, toDouble(f), b, c, h, w, kh,
                        kw), toDouble(x), toDouble(r)), DX.toFloatArray(), GRAD);
                assertClose("local filter dfilters", numericGradient(v -> Naive.localFilter(toDouble(x), v, b, c, h, w,
                        kh, kw), toDouble(f), toDouble(r)), DF.toFloatArray(), GRAD);
            }
        }
    }

    @Test
    void crossConvolutionForwardAndBackward() {
        for (int[] k : new int[][] {{5, 5, 2, 2}, {3, 4, 0, 1}, {2, 7, 1, 3}}) {
            int b = 2, c = 3, h = 6, w = 20, kh = k[0], kw = k[1], ph = k[2], pw = k[3];
            int oh = h + 2 * ph - kh + 1, ow = w + 2 * pw - kw + 1;
            float[] x = random(121, b * c * h * w), kk = random(122, b * c * kh * kw), r = random(123, b * c * oh * ow);
            try (Tensor X = t(x, b, c, h, w); Tensor K = t(kk, b, c, kh, kw); Tensor Y = be.zeros(b, c, oh, ow);
                 Tensor R = t(r, b, c, oh, ow); Tensor DX = be.zeros(b, c, h, w); Tensor DK = be.zeros(b, c, kh, kw)) {
                be.crossConvForward(X, K, ph, pw, Y);
                assertClose("cross conv " + Arrays.toString(k),
                        Naive.crossConv(toDouble(x), toDouble(kk), b, c, h, w, kh, kw, ph, pw), Y.toFloatArray(), FWD);
                be.crossConvBackward(X, K, ph, pw, R, DX, DK);
                assertClose("cross conv dx", numericGradient(v -> Naive.crossConv(v, toDouble(kk), b, c, h, w, kh, kw,
                        ph, pw), toDouble(x), toDouble(r)), DX.toFloatArray(), GRAD);
                assertClose("cross conv dk", numericGradient(v -> Naive.crossConv(toDouble(x), v, b, c, h, w, kh, kw,
                        ph, pw), toDouble(kk), toDouble(r)), DK.toFloatArray(), GRAD);
            }
        }
    }

    // ---- randomness ------------------------------------------------------------------------------------------

    @Test
    void fillRandomEqualsPhiloxBitForBit() {
        for (Distribution d : Distribution.values()) {
            for (long counter : new long[] {0, 3, 1L << 33}) {
                int n = 20001;
                float[] want = new float[n];
                Philox.fill(d, 42, 7, counter, -0.5f, 2f, want);
                try (Tensor T = be.zeros(n)) {
                    be.fillRandom(d, 42, 7, counter, -0.5f, 2f, T);
                    assertArrayEquals(want, T.toFloatArray(), d + " at counter " + counter);
                }
            }
        }
    }

    @Test
    void holdsFloat32Only() {
        assertTrue(be.supports(io.nextframe.core.DType.F32));
        assertFalse(be.supports(io.nextframe.core.DType.F64));
    }
}
