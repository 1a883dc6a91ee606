package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.core.ops.UnaryOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.nextframe.opencl.OpenClOpsTestSupport.dot;
import static io.nextframe.opencl.OpenClOpsTestSupport.dotAbs;
import static io.nextframe.opencl.OpenClTestSupport.assertClose;
import static io.nextframe.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every other op family on tiny shapes against naive Java loops; backward passes of linear (or piecewise linear)
 * ops through the adjoint identity ⟨f(x), dy⟩ = ⟨x, fᵀ(dy)⟩.
 */
class OpenClOpsTest {
    static Backend cl;

    @BeforeAll
    static void open() {
        cl = OpenClTestSupport.backend();
    }

    static Tensor up(Shape s, float[] v) {
        return cl.fromFloats(s, v);
    }

    @Test
    void layoutCopyOfPermutedViewAndConcat() {
        float[] v = random(1, 2 * 3 * 4);
        try (var scope = cl.scope()) {
            Tensor t = up(Shape.of(2, 3, 4), v);
            float[] p = cl.copyOf(t.permute(2, 0, 1)).toFloatArray();
            for (int a = 0; a < 4; a++)
                for (int b = 0; b < 2; b++)
                    for (int c = 0; c < 3; c++)
                        assertEquals(v[(b * 3 + c) * 4 + a], p[(a * 2 + b) * 3 + c]);
            Tensor u = up(Shape.of(2, 1, 4), random(2, 8));
            float[] cat = cl.concat(List.of(t, u), 1).toFloatArray();
            float[] uv = u.toFloatArray();
            for (int b = 0; b < 2; b++)
                for (int c = 0; c < 4; c++)
                    for (int k = 0; k < 4; k++)
                        assertEquals(c < 3 ? v[(b * 3 + c) * 4 + k] : uv[b * 4 + k], cat[(b * 4 + c) * 4 + k]);
            Tensor f = cl.zeros(3, 5);
            cl.fill(f.slice(1, 1, 3), 2f);
            float[] fv = f.toFloatArray();
            for (int i = 0; i < 15; i++) {
                assertEquals(i % 5 == 1 || i % 5 == 2 ? 2f : 0f, fv[i]);
            }
        }
    }

    static double unaryRef(UnaryOp op, double x, double a, double b) {
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
            case SIGMOID -> 1 / (1 + Math.exp(-x));
            case TANH -> Math.tanh(x);
            case SOFTPLUS -> Math.log1p(Math.exp(x));
            case CLAMP -> Math.min(Math.max(x, a), b);
            case AFFINE -> a * x + b;
            case POW -> Math.pow(x, a);
            case GREATER_THAN -> x > a ? 1 : 0;
            case SIGN -> Math.signum(x);
        };
    }

    @Test
    void unaryForwardAndBackward() {
        float[] x = random(3, 64);
        for (int i = 0; i < x.length; i++) {
            x[i] = 0.1f + Math.abs(x[i]) * 2 * (i % 3 == 0 ? -1 : 1); // both signs, away from kinks
        }
        float a = 0.3f, b = 0.9f;
        for (UnaryOp op : UnaryOp.values()) {
            float[] xs = x.clone();
            if (op == UnaryOp.SQRT || op == UnaryOp.LOG || op == UnaryOp.POW) {
                for (int i = 0; i < xs.length; i++) xs[i] = Math.abs(xs[i]) + 0.2f;
            }
            float[] want = new float[xs.length], dwant = new float[xs.length], dy = random(4, xs.length);
            for (int i = 0; i < xs.length; i++) {
                want[i] = (float) unaryRef(op, xs[i], a, b);
                double h = 1e-5;
                double deriv = (unaryRef(op, xs[i] + h, a, b) - unaryRef(op, xs[i] - h, a, b)) / (2 * h);
                dwant[i] = (float) (dy[i] * deriv);
            }
            try (var scope = cl.scope()) {
                Tensor tx = up(Shape.of(4, 16), xs);
                Tensor y = cl.unary(op, a, b, tx);
                assertClose(want, y.toFloatArray(), 1e-6, op + " forward");
                Tensor dx = cl.zeros(4, 16);
                cl.unaryBackward(op, a, b, tx, y, up(Shape.of(4, 16), dy), dx);
                assertClose(dwant, dx.toFloatArray(), 1e-4, op + " backward");
            }
        }
    }

    @Test
    void binaryWithBroadcasting() {
        float[] a = random(5, 2 * 3 * 4), b = random(6, 3 * 1);
        b[1] = a[5]; // a tie for EQ / GE
        for (BinaryOp op : BinaryOp.values()) {
            float[] want = new float[24];
            for (int i = 0; i < 24; i++) {
                float x = a[i], y = b[(i / 4) % 3];
                want[i] = switch (op) {
                    case ADD -> x + y;
                    case SUB -> x - y;
                    case MUL -> x * y;
                    case DIV -> x / y;
                    case MAX -> Math.max(x, y);
                    case MIN -> Math.min(x, y);
                    case EQ -> x == y ? 1 : 0;
                    case GT -> x > y ? 1 : 0;
                    case GE -> x >= y ? 1 : 0;
                };
            }
            try (var scope = cl.scope()) {
                Tensor y = cl.binary(op, up(Shape.of(2, 3, 4), a), up(Shape.of(3, 1), b));
                assertClose(want, y.toFloatArray(), 1e-6, op + " broadcast");
                Tensor same = cl.binary(op, up(Shape.of(24), a), up(Shape.of(24), a));
                float[] sw = new float[24];
                for (int i = 0; i < 24; i++) {
                    sw[i] = switch (op) {
                        case ADD -> 2 * a[i];
                        case SUB -> 0;
                        case MUL -> a[i] * a[i];
                        case DIV, EQ, GE -> 1;
                        case MAX, MIN -> a[i];
                        case GT -> 0;
                    };
                }
                assertClose(sw, same.toFloatArray(), 1e-6, op + " same shape");
            }
        }
    }

    @Test
    void reductionsOverAxesAndLongRanges() {
        float[] x = random(7, 3 * 4 * 5);
        try (var scope = cl.scope()) {
            Tensor t = up(Shape.of(3, 4, 5), x);
            for (ReduceOp op : ReduceOp.values()) {
                float[] got = cl.reduce(op, t, 0, 2).toFloatArray();
                for (int j = 0; j < 4; j++) {
                    double acc = op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY : 0;
                    for (int i = 0; i < 3; i++)
                        for (int k = 0; k < 5; k++) {
                            float v = x[(i * 4 + j) * 5 + k];
                            acc = op == ReduceOp.MAX ? Math.max(acc, v) : acc + v;
                        }
                    assertEquals(op == ReduceOp.MEAN ? acc / 15 : acc, got[j], 1e-5, op + " over axes 0, 2");
                }
            }
            // long enough for the chunked two-stage path
            float[] big = random(8, 3 * 20000);
            Tensor tb = up(Shape.of(3, 20000), big);
            float[] sums = cl.reduce(ReduceOp.SUM, tb, 1).toFloatArray();
            float[] maxAll = cl.reduce(ReduceOp.MAX, tb, 0, 1).toFloatArray();
            double m = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < 3; r++) {
                double s = 0;
                for (int i = 0; i < 20000; i++) {
                    s += big[r * 20000 + i];
                    m = Math.max(m, big[r * 20000 + i]);
                }
                assertEquals(s, sums[r], 1e-4 * (1 + Math.abs(s)), "long sum row " + r);
            }
            assertEquals(m, maxAll[0], 0.0, "max over everything");
            // bitwise reproducible
            assertArrayEquals(sums, cl.reduce(ReduceOp.SUM, tb, 1).toFloatArray());
        }
    }

    @Test
    void softmaxAndLogSoftmax() {
        float[] x = random(9, 2 * 5 * 3), dy = random(10, 30);
        for (boolean log : new boolean[] {false, true}) {
            float[] want = new float[30], dwant = new float[30];
            for (int o = 0; o < 2; o++)
                for (int i = 0; i < 3; i++) {
                    double mx = Double.NEGATIVE_INFINITY, s = 0, sdy = 0;
                    for (int l = 0; l < 5; l++) mx = Math.max(mx, x[(o * 5 + l) * 3 + i]);
                    for (int l = 0; l < 5; l++) s += Math.exp(x[(o * 5 + l) * 3 + i] - mx);
                    for (int l = 0; l < 5; l++) {
                        int k = (o * 5 + l) * 3 + i;
                        double p = Math.exp(x[k] - mx) / s;
                        want[k] = (float) (log ? Math.log(p) : p);
                        sdy += log ? dy[k] : dy[k] * p;
                    }
                    for (int l = 0; l < 5; l++) {
                        int k = (o * 5 + l) * 3 + i;
                        double p = Math.exp(x[k] - mx) / s;
                        dwant[k] = (float) (log ? dy[k] - p * sdy : p * (dy[k] - sdy));
                    }
                }
            try (var scope = cl.scope()) {
                Tensor y = cl.zeros(2, 5, 3), dx = cl.zeros(2, 5, 3);
                cl.softmax(log, 1, up(Shape.of(2, 5, 3), x), y);
                assertClose(want, y.toFloatArray(), 1e-6, (log ? "log-" : "") + "softmax");
                cl.softmaxBackward(log, 1, y, up(Shape.of(2, 5, 3), dy), dx);
                assertClose(dwant, dx.toFloatArray(), 1e-5, (log ? "log-" : "") + "softmax backward");
            }
        }
    }

    @Test
    void batchNormTrainingAndEval() {
        int n = 3, c = 4, inner = 6, total = n * c * inner;
        float[] x = random(11, total), g = random(12, c), be = random(13, c), dy = random(14, total);
        float[] rm = {0.1f, 0.2f, 0.3f, 0.4f}, rv = {1f, 2f, 0.5f, 1.5f};
        float mom = 0.1f, eps = 1e-5f;
        int m = n * inner;
        double[] mean = new double[c], var = new double[c];
        for (int i = 0; i < total; i++) mean[(i / inner) % c] += x[i] / (double) m;
        for (int i = 0; i < total; i++) var[(i / inner) % c] += Math.pow(x[i] - mean[(i / inner) % c], 2) / m;
        for (boolean training : new boolean[] {true, false}) {
            float[] y = new float[total], dx = new float[total], dg = new float[c], db = new float[c];
            double[] mu = new double[c], is = new double[c], sdy = new double[c], sdyx = new double[c];
            for (int k = 0; k < c; k++) {
                mu[k] = training ? mean[k] : rm[k];
                is[k] = 1 / Math.sqrt((training ? var[k] : rv[k]) + eps);
            }
            for (int i = 0; i < total; i++) {
                int k = (i / inner) % c;
                double xh = (x[i] - mu[k]) * is[k];
                y[i] = (float) (xh * g[k] + be[k]);
                sdy[k] += dy[i];
                sdyx[k] += dy[i] * xh;
            }
            for (int i = 0; i < total; i++) {
                int k = (i / inner) % c;
                double xh = (x[i] - mu[k]) * is[k];
                dx[i] = (float) (g[k] * is[k] * (training ? dy[i] - sdy[k] / m - xh * sdyx[k] / m : dy[i]));
            }
            for (int k = 0; k < c; k++) {
                dg[k] = (float) sdyx[k];
                db[k] = (float) sdy[k];
            }
            try (var scope = cl.scope()) {
                Shape s = Shape.of(n, c, 2, 3);
                Tensor tx = up(s, x), tg = up(Shape.of(c), g), tb = up(Shape.of(c), be);
                Tensor trm = up(Shape.of(c), rm), trv = up(Shape.of(c), rv);
                Tensor ty = cl.zeros(s), sm = cl.zeros(c), si = cl.zeros(c);
                cl.batchNormForward(tx, tg, tb, trm, trv, training, mom, eps, ty, sm, si);
                assertClose(y, ty.toFloatArray(), 1e-5, "batchNorm y, training=" + training);
                if (training) {
                    float[] wantRm = new float[c], wantRv = new float[c];
                    for (int k = 0; k < c; k++) {
                        wantRm[k] = (float) ((1 - mom) * rm[k] + mom * mean[k]);
                        wantRv[k] = (float) ((1 - mom) * rv[k] + mom * var[k] * m / (m - 1));
                    }
                    assertClose(wantRm, trm.toFloatArray(), 1e-6, "running mean");
                    assertClose(wantRv, trv.toFloatArray(), 1e-6, "running var");
                }
                Tensor tdx = cl.zeros(s), tdg = cl.zeros(c), tdb = cl.zeros(c);
                cl.batchNormBackward(tx, tg, sm, si, training, up(s, dy), tdx, tdg, tdb);
                assertClose(dx, tdx.toFloatArray(), 1e-5, "batchNorm dx, training=" + training);
                assertClose(dg, tdg.toFloatArray(), 1e-5, "batchNorm dgamma");
                assertClose(db, tdb.toFloatArray(), 1e-5, "batchNorm dbeta");
            }
        }
    }

    @Test
    void poolingForwardAndAdjoint() {
        int n = 2, c = 3, h = 7, w = 6;
        float[] x = random(15, n * c * h * w);
        for (PoolSpec.Kind kind : PoolSpec.Kind.values()) {
            PoolSpec spec = new PoolSpec(kind, new int[] {3, 2}, new int[] {2, 2}, new int[] {1, 1});
            try (var scope = cl.scope()) {
                Tensor tx = up(Shape.of(n, c, h, w), x);
                Tensor y = cl.pool(spec, tx);
                int oh = y.dim(2), ow = y.dim(3);
                float[] want = new float[n * c * oh * ow];
                for (int p = 0; p < n * c; p++)
                    for (int i = 0; i < oh; i++)
                        for (int j = 0; j < ow; j++) {
                            double acc = kind == PoolSpec.Kind.MAX ? Double.NEGATIVE_INFINITY : 0;
                            for (int a = 0; a < 3; a++)
                                for (int b = 0; b < 2; b++) {
                                    int ih = i * 2 - 1 + a, iw = j * 2 - 1 + b;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) continue;
                                    float v = x[(p * h + ih) * w + iw];
                                    acc = kind == PoolSpec.Kind.MAX ? Math.max(acc, v) : acc + v / 6.0;
                                }
                            want[(p * oh + i) * ow + j] = (float) acc;
                        }
                float[] got = y.toFloatArray();
                assertClose(want, got, 1e-6, kind + " pool forward");
                float[] dy = random(16, got.length);
                Tensor dx = cl.zerosLike(tx);
                cl.poolBackward(spec, tx, up(y.shape(), dy), dx);
                assertEquals(dot(got, dy), dot(x, dx.toFloatArray()), 1e-5 * (1 + dotAbs(got, dy)),
                        kind + " pool backward adjoint");
            }
        }
        // ties: max pooling routes the gradient to the first maximum only
        try (var scope = cl.scope()) {
            PoolSpec spec = PoolSpec.of(PoolSpec.Kind.MAX, 2, 2);
            Tensor tx = cl.full(Shape.of(1, 1, 2, 2), 1f), dx = cl.zeros(1, 1, 2, 2);
            cl.poolBackward(spec, tx, cl.full(Shape.of(1, 1, 1, 1), 5f), dx);
            assertArrayEquals(new float[] {5, 0, 0, 0}, dx.toFloatArray());
        }
    }

    static float[] resizeRef(ResizeMode mode, boolean align, float[] x, int planes, int h, int w, int oh, int ow) {
        float[] y = new float[planes * oh * ow];
        for (int p = 0; p < planes; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double v;
                    if (mode == ResizeMode.NEAREST) {
                        v = x[(p * h + (int) ((long) i * h / oh)) * w + (int) ((long) j * w / ow)];
                    } else {
                        double[] ti = taps(align, i, h, oh), tj = taps(align, j, w, ow);
                        v = 0;
                        for (int a = 0; a < 2; a++)
                            for (int b = 0; b < 2; b++)
                                v += (a == 0 ? 1 - ti[2] : ti[2]) * (b == 0 ? 1 - tj[2] : tj[2])
                                        * x[(p * h + (int) ti[a]) * w + (int) tj[b]];
                    }
                    y[(p * oh + i) * ow + j] = (float) v;
                }
        return y;
    }

    static double[] taps(boolean align, int o, int in, int out) {
        double src = align ? (out > 1 ? (double) o * (in - 1) / (out - 1) : 0)
                : Math.max((o + 0.5) * in / out - 0.5, 0);
        int f = Math.min((int) Math.floor(src), in - 1);
        return new double[] {f, Math.min(f + 1, in - 1), src - f};
    }

    @Test
    void resizeForwardAndAdjoint() {
        int planes = 2, h = 5, w = 4;
        float[] x = random(17, planes * h * w);
        int[][] outs = {{10, 8}, {3, 7}, {1, 2}};
        for (ResizeMode mode : ResizeMode.values())
            for (boolean align : new boolean[] {false, true})
                for (int[] o : outs) {
                    String what = mode + " align=" + align + " 5×4→" + o[0] + "×" + o[1];
                    try (var scope = cl.scope()) {
                        Tensor tx = up(Shape.of(1, planes, h, w), x), y = cl.zeros(1, planes, o[0], o[1]);
                        cl.resizeForward(mode, align, tx, y);
                        float[] got = y.toFloatArray();
                        assertClose(resizeRef(mode, align, x, planes, h, w, o[0], o[1]), got, 1e-5, what);
                        float[] dy = random(18, got.length);
                        Tensor dx = cl.zerosLike(tx);
                        cl.resizeBackward(mode, align, up(y.shape(), dy), dx);
                        assertEquals(dot(got, dy), dot(x, dx.toFloatArray()), 1e-5 * (1 + dotAbs(got, dy)),
                                what + " backward adjoint");
                    }
                }
    }

    static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void lstmCell() {
        int b = 2, h = 3;
        float[] g = random(19, b * 4 * h), cp = random(20, b * h), dh = random(21, b * h), dc = random(22, b * h);
        float[] hw = new float[b * h], cw = new float[b * h], dgw = new float[b * 4 * h], dcpw = new float[b * h];
        for (int r = 0; r < b; r++)
            for (int j = 0; j < h; j++) {
                int e = r * h + j, base = r * 4 * h + j;
                double i = sig(g[base]), f = sig(g[base + h]), gg = Math.tanh(g[base + 2 * h]), o = sig(g[base + 3 * h]);
                double c = f * cp[e] + i * gg, tc = Math.tanh(c);
                cw[e] = (float) c;
                hw[e] = (float) (o * tc);
                double dct = dh[e] * o * (1 - tc * tc) + dc[e];
                dgw[base] = (float) (dct * gg * i * (1 - i));
                dgw[base + h] = (float) (dct * cp[e] * f * (1 - f));
                dgw[base + 2 * h] = (float) (dct * i * (1 - gg * gg));
                dgw[base + 3 * h] = (float) (dh[e] * tc * o * (1 - o));
                dcpw[e] = (float) (dct * f);
            }
        try (var scope = cl.scope()) {
            Tensor tg = up(Shape.of(b, 4 * h), g), tcp = up(Shape.of(b, h), cp);
            Tensor th = cl.zeros(b, h), tc = cl.zeros(b, h);
            cl.lstmCellForward(tg, tcp, th, tc);
            assertClose(hw, th.toFloatArray(), 1e-6, "lstm h");
            assertClose(cw, tc.toFloatArray(), 1e-6, "lstm c");
            Tensor dg = cl.zeros(b, 4 * h), dcp = cl.zeros(b, h);
            cl.lstmCellBackward(tg, tcp, tc, up(Shape.of(b, h), dh), up(Shape.of(b, h), dc), dg, dcp);
            assertClose(dgw, dg.toFloatArray(), 1e-5, "lstm dGates");
            assertClose(dcpw, dcp.toFloatArray(), 1e-5, "lstm dcPrev");
        }
    }

    @Test
    void localFilterForwardAndAdjoints() {
        int b = 2, c = 3, h = 5, w = 4, kh = 3, kw = 2;
        float[] x = random(23, b * c * h * w), f = random(24, b * kh * kw * h * w);
        float[] want = new float[x.length];
        for (int s = 0; s < b; s++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++) {
                        double acc = 0;
                        for (int k = 0; k < kh * kw; k++) {
                            int si = i + k / kw - kh / 2, sj = j + k % kw - kw / 2;
                            if (si >= 0 && si < h && sj >= 0 && sj < w)
                                acc += f[((s * kh * kw + k) * h + i) * w + j] * x[((s * c + ch) * h + si) * w + sj];
                        }
                        want[((s * c + ch) * h + i) * w + j] = (float) acc;
                    }
        try (var scope = cl.scope()) {
            Tensor tx = up(Shape.of(b, c, h, w), x), tf = up(Shape.of(b, kh * kw, h, w), f);
            Tensor y = cl.zerosLike(tx);
            cl.localFilterForward(tx, tf, kh, kw, y);
            assertClose(want, y.toFloatArray(), 1e-5, "localFilter forward");
            float[] dy = random(25, x.length);
            Tensor dx = cl.zerosLike(tx), df = cl.zerosLike(tf);
            cl.localFilterBackward(tx, tf, kh, kw, up(tx.shape(), dy), dx, df);
            double lhs = dot(want, dy), tol = 1e-5 * (1 + dotAbs(want, dy));
            assertEquals(lhs, dot(x, dx.toFloatArray()), tol, "localFilter ⟨y, dy⟩ = ⟨x, dx⟩");
            assertEquals(lhs, dot(f, df.toFloatArray()), tol, "localFilter ⟨y, dy⟩ = ⟨f, dF⟩");
        }
    }

    @Test
    void crossConvForwardAndAdjoints() {
        int b = 2, c = 2, h = 6, w = 5, kh = 3, kw = 4, ph = 1, pw = 2;
        int oh = h + 2 * ph - kh + 1, ow = w + 2 * pw - kw + 1;
        float[] x = random(26, b * c * h * w), k = random(27, b * c * kh * kw);
        float[] want = new float[b * c * oh * ow];
        for (int p = 0; p < b * c; p++)
            for (int i = 0; i < oh; i++)
                for (int j = 0; j < ow; j++) {
                    double acc = 0;
                    for (int u = 0; u < kh; u++)
                        for (int v = 0; v < kw; v++) {
                            int si = i + u - ph, sj = j + v - pw;
                            if (si >= 0 && si < h && sj >= 0 && sj < w)
                                acc += k[(p * kh + u) * kw + v] * x[(p * h + si) * w + sj];
                        }
                    want[(p * oh + i) * ow + j] = (float) acc;
                }
        try (var scope = cl.scope()) {
            Tensor tx = up(Shape.of(b, c, h, w), x), tk = up(Shape.of(b, c, kh, kw), k);
            Tensor y = cl.zeros(b, c, oh, ow);
            cl.crossConvForward(tx, tk, ph, pw, y);
            assertClose(want, y.toFloatArray(), 1e-5, "crossConv forward");
            float[] dy = random(28, want.length);
            Tensor dx = cl.zerosLike(tx), dk = cl.zerosLike(tk);
            cl.crossConvBackward(tx, tk, ph, pw, up(y.shape(), dy), dx, dk);
            double lhs = dot(want, dy), tol = 1e-5 * (1 + dotAbs(want, dy));
            assertEquals(lhs, dot(x, dx.toFloatArray()), tol, "crossConv ⟨y, dy⟩ = ⟨x, dx⟩");
            assertEquals(lhs, dot(k, dk.toFloatArray()), tol, "crossConv ⟨y, dy⟩ = ⟨k, dk⟩");
        }
    }
}
