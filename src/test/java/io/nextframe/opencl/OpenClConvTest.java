package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.nextframe.opencl.OpenClTestSupport.assertClose;
import static io.nextframe.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Convolution: forward against direct loops (1-, 2- and 3-D; stride, padding, dilation, groups, bias), both backward
 * passes through the adjoint identities ⟨conv(x, w), dy⟩ = ⟨x, dx⟩ = ⟨w, dw⟩, and dbias = Σ dy.
 */
class OpenClConvTest {
    static Backend cl;

    @BeforeAll
    static void open() {
        cl = OpenClTestSupport.backend();
    }

    /** Direct N-d convolution on (D, H, W)-padded shapes. */
    static float[] direct(ConvSpec s, float[] x, int n, int cin, int[] in, float[] w, int cout, int[] k, float[] bias,
                          int[] out) {
        int d = s.dims(), g = s.groups(), cinG = cin / g, coutG = cout / g;
        int[] st = OpenClOpsTestSupport.pad3(s.stride(), 1), pd = OpenClOpsTestSupport.pad3(s.padding(), 0);
        int[] dl = OpenClOpsTestSupport.pad3(s.dilation(), 1);
        int[] i3 = OpenClOpsTestSupport.pad3(in, 1), k3 = OpenClOpsTestSupport.pad3(k, 1);
        int[] o3 = OpenClOpsTestSupport.pad3(out, 1);
        int ov = o3[0] * o3[1] * o3[2], iv = i3[0] * i3[1] * i3[2], kv = k3[0] * k3[1] * k3[2];
        float[] y = new float[n * cout * ov];
        for (int b = 0; b < n; b++)
            for (int co = 0; co < cout; co++)
                for (int o = 0; o < ov; o++) {
                    int od = o / (o3[1] * o3[2]), oh = o / o3[2] % o3[1], ow = o % o3[2];
                    double acc = bias == null ? 0 : bias[co];
                    int grp = co / coutG;
                    for (int ci = 0; ci < cinG; ci++)
                        for (int t = 0; t < kv; t++) {
                            int kd = t / (k3[1] * k3[2]), kh = t / k3[2] % k3[1], kw = t % k3[2];
                            int id = od * st[0] - pd[0] + kd * dl[0], ih = oh * st[1] - pd[1] + kh * dl[1];
                            int iw = ow * st[2] - pd[2] + kw * dl[2];
                            if (id < 0 || id >= i3[0] || ih < 0 || ih >= i3[1] || iw < 0 || iw >= i3[2]) continue;
                            int c = grp * cinG + ci;
                            acc += (double) x[(b * cin + c) * iv + (id * i3[1] + ih) * i3[2] + iw]
                                    * w[(co * cinG + ci) * kv + t];
                        }
                    y[(b * cout + co) * ov + o] = (float) acc;
                }
        assertEquals(d, in.length);
        return y;
    }

    private void check(ConvSpec spec, int n, int cin, int[] in, int cout, int[] k) {
        int d = in.length;
        int[] xs = new int[d + 2], ws = new int[d + 2];
        xs[0] = n;
        xs[1] = cin;
        ws[0] = cout;
        ws[1] = cin / spec.groups();
        for (int i = 0; i < d; i++) {
            xs[i + 2] = in[i];
            ws[i + 2] = k[i];
        }
        float[] x = random(1, (int) Shape.of(xs).size()), w = random(2, (int) Shape.of(ws).size());
        float[] bias = random(3, cout);
        try (var scope = cl.scope()) {
            Tensor tx = cl.fromFloats(Shape.of(xs), x), tw = cl.fromFloats(Shape.of(ws), w);
            Tensor tb = cl.fromFloats(Shape.of(cout), bias);
            Tensor y = cl.conv(spec, tx, tw, tb);
            int[] out = new int[d];
            for (int i = 0; i < d; i++) {
                out[i] = y.dim(i + 2);
            }
            String what = "conv" + d + "d " + spec + " x" + Shape.of(xs) + " w" + Shape.of(ws);
            assertClose(direct(spec, x, n, cin, in, w, cout, k, bias, out), y.toFloatArray(), 1e-5, what);

            float[] dyv = random(4, (int) y.size());
            Tensor dy = cl.fromFloats(y.shape(), dyv);
            Tensor dx = cl.zeros(Shape.of(xs)), dw = cl.zeros(Shape.of(ws)), db = cl.zeros(cout);
            cl.convBackwardData(spec, dy, tw, dx);
            cl.convBackwardWeight(spec, tx, dy, dw, db);
            float[] yNoBias = direct(spec, x, n, cin, in, w, cout, k, null, out);
            double lhs = OpenClOpsTestSupport.dot(yNoBias, dyv);
            double scale = 1 + OpenClOpsTestSupport.dotAbs(yNoBias, dyv);
            assertEquals(lhs, OpenClOpsTestSupport.dot(x, dx.toFloatArray()), 1e-5 * scale,
                    what + ": ⟨conv(x), dy⟩ = ⟨x, dx⟩");
            assertEquals(lhs, OpenClOpsTestSupport.dot(w, dw.toFloatArray()), 1e-5 * scale,
                    what + ": ⟨conv(x), dy⟩ = ⟨w, dw⟩");
            float[] dbWant = new float[cout];
            int ov = (int) (y.size() / (n * cout));
            for (int i = 0; i < dyv.length; i++) {
                dbWant[i / ov % cout] += dyv[i];
            }
            assertClose(dbWant, db.toFloatArray(), 1e-5, what + ": dbias");
        }
    }

    @Test
    void conv2dStridePaddingDilationGroups() {
        check(new ConvSpec(new int[] {2, 1}, new int[] {1, 2}, new int[] {1, 2}, 2), 2, 4, new int[] {7, 6}, 6,
                new int[] {3, 2});
        check(ConvSpec.of(2, 1, 1), 3, 3, new int[] {5, 5}, 17, new int[] {3, 3});
        check(ConvSpec.of(2, 2, 1), 1, 5, new int[] {8, 9}, 4, new int[] {4, 4});
    }

    @Test
    void conv1dAnd3d() {
        check(new ConvSpec(new int[] {2}, new int[] {1}, new int[] {1}, 1), 2, 3, new int[] {11}, 5, new int[] {3});
        check(new ConvSpec(new int[] {1, 2, 1}, new int[] {1, 0, 1}, new int[] {1, 1, 1}, 1), 2, 2,
                new int[] {3, 5, 4}, 3, new int[] {2, 3, 3});
    }

    @Test
    void everyGemmFormGivesTheSameConvolution() {
        // the device picks the GEMM form (and with it the panel width im2col writes); run the others here too
        ClContext ctx = ClContext.of(ClPlatforms.select(""));
        ConvSpec spec = new ConvSpec(new int[] {2, 1}, new int[] {1, 1}, new int[] {1, 2}, 2);
        float[] x = random(5, 3 * 4 * 9 * 7), w = random(6, 6 * 2 * 3 * 3), dyv = random(7, 3 * 6 * 5 * 5);
        try (var scope = cl.scope()) {
            Tensor tx = cl.fromFloats(Shape.of(3, 4, 9, 7), x), tw = cl.fromFloats(Shape.of(6, 2, 3, 3), w);
            Tensor dy = cl.fromFloats(Shape.of(3, 6, 5, 5), dyv);
            Tensor y0 = cl.conv(spec, tx, tw, null), dx0 = cl.zerosLike(tx), dw0 = cl.zerosLike(tw);
            cl.convBackwardData(spec, dy, tw, dx0);
            cl.convBackwardWeight(spec, tx, dy, dw0, null);
            for (GemmOps.Kernel form : GemmOps.Kernel.values()) {
                ConvOps ops = new ConvOps(ctx, new GemmOps(ctx, form), new ReduceOps(ctx));
                Tensor y = cl.zerosLike(y0), dx = cl.zerosLike(tx), dw = cl.zerosLike(tw);
                ops.forward(spec, tx, tw, null, y);
                ops.backwardData(spec, dy, tw, dx);
                ops.backwardWeight(spec, tx, dy, dw, null);
                assertClose(y0.toFloatArray(), y.toFloatArray(), 1e-5, "conv forward with " + form);
                assertClose(dx0.toFloatArray(), dx.toFloatArray(), 1e-5, "conv backward-data with " + form);
                assertClose(dw0.toFloatArray(), dw.toFloatArray(), 1e-5, "conv backward-weight with " + form);
            }
        }
    }

    @Test
    void depthwise() {
        check(ConvSpec.of(2, 1, 1).withGroups(4), 2, 4, new int[] {5, 4}, 4, new int[] {3, 3});
    }
}
