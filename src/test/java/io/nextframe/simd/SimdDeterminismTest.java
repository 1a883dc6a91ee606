package io.nextframe.simd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.Distribution;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.core.ops.UnaryOp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.nextframe.simd.Naive.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CONTRACTS.md §3: on one backend, results are bitwise identical for any number of worker threads. Runs every op
 * on shapes large enough to be split into several tasks with pools of 1, 2 and 3 threads and compares the bits.
 */
class SimdDeterminismTest {

    @Test
    void everyOpGivesTheSameBitsForOneTwoAndThreeThreads() {
        Map<String, float[]> one = runAll(1), two = runAll(2), three = runAll(3);
        assertEquals(one.keySet(), two.keySet());
        assertTrue(one.size() > 30, "expected many results, got " + one.size());
        for (String k : one.keySet()) {
            assertArrayEquals(one.get(k), two.get(k), k + ": 1 vs 2 threads");
            assertArrayEquals(one.get(k), three.get(k), k + ": 1 vs 3 threads");
        }
    }

    private static Map<String, float[]> runAll(int threads) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (Backend be = new Backend(new SimdKernels(threads), "simd")) {
            try (var scope = be.scope()) {
                pointwise(be, out);
                normalisation(be, out);
                resampling(be, out);
                seedSpecific(be, out);
                linear(be, out);
            }
        }
        return out;
    }

    private static Tensor t(Backend be, long seed, int... dims) {
        return be.fromFloats(Shape.of(dims), random(seed, (int) Shape.of(dims).size()));
    }

    private static void pointwise(Backend be, Map<String, float[]> out) {
        int n = 3 * 8192 + 77;
        Tensor x = t(be, 1, n), dy = t(be, 2, n);
        for (UnaryOp op : new UnaryOp[] {UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SIGMOID, UnaryOp.SOFTPLUS, UnaryOp.LOG}) {
            Tensor in = op == UnaryOp.LOG ? be.unary(UnaryOp.ABS, x) : x;
            Tensor y = be.unary(op, 0f, 0f, in);
            out.put("unary " + op, y.toFloatArray());
            Tensor dx = be.zeros(n);
            be.unaryBackward(op, 0f, 0f, in, y, dy, dx);
            out.put("unary backward " + op, dx.toFloatArray());
        }
        Tensor a = t(be, 3, 8, 16, 40, 41), bias = t(be, 4, 1, 16, 1, 1), row = t(be, 5, 1, 1, 1, 41);
        out.put("binary same", be.binary(BinaryOp.MUL, a, a).toFloatArray());
        out.put("binary bias", be.binary(BinaryOp.ADD, a, bias).toFloatArray());
        out.put("binary row", be.binary(BinaryOp.DIV, a, row).toFloatArray());
        for (int[] axes : new int[][] {{0}, {1}, {3}, {0, 2, 3}, {2, 3}, {0, 1, 2, 3}}) {
            for (ReduceOp op : ReduceOp.values()) {
                out.put("reduce " + op + " " + java.util.Arrays.toString(axes), be.reduce(op, a, axes).toFloatArray());
            }
        }
        for (int axis = 0; axis < 4; axis++) {
            for (boolean log : new boolean[] {false, true}) {
                Tensor y = be.zeros(a.shape());
                be.softmax(log, axis, a, y);
                Tensor dx = be.zeros(a.shape());
                be.softmaxBackward(log, axis, y, a, dx);
                out.put("softmax " + log + " " + axis, y.toFloatArray());
                out.put("softmax backward " + log + " " + axis, dx.toFloatArray());
            }
        }
        for (Distribution d : Distribution.values()) {
            Tensor r = be.zeros(n);
            be.fillRandom(d, 9, 1, 5, 0f, 1f, r);
            out.put("random " + d, r.toFloatArray());
        }
        Tensor perm = be.copyOf(a.permute(3, 1, 0, 2));
        out.put("copy permuted", perm.toFloatArray());
        out.put("concat", be.concat(List.of(a, a), 1).toFloatArray());
    }

    private static void normalisation(Backend be, Map<String, float[]> out) {
        int c = 8;
        Tensor x = t(be, 11, 8, c, 25, 20), g = t(be, 12, c), b = t(be, 13, c), rm = be.zeros(c);
        Tensor rv = be.full(Shape.of(c), 1f), y = be.zeros(x.shape()), sm = be.zeros(c), si = be.zeros(c);
        be.batchNormForward(x, g, b, rm, rv, true, 0.1f, 1e-5f, y, sm, si);
        Tensor dy = t(be, 14, 8, c, 25, 20), dx = be.zeros(x.shape()), dg = be.zeros(c), db = be.zeros(c);
        be.batchNormBackward(x, g, sm, si, true, dy, dx, dg, db);
        for (Tensor r : new Tensor[] {y, sm, si, rm, rv, dx, dg, db}) {
            out.put("batchNorm " + out.size(), r.toFloatArray());
        }
        Tensor lg = t(be, 15, 64, 4 * 300), cp = t(be, 16, 64, 300), h = be.zeros(64, 300), cc = be.zeros(64, 300);
        be.lstmCellForward(lg, cp, h, cc);
        Tensor dg2 = be.zeros(64, 1200), dcp = be.zeros(64, 300);
        be.lstmCellBackward(lg, cp, cc, h, cp, dg2, dcp);
        out.put("lstm h", h.toFloatArray());
        out.put("lstm dgates", dg2.toFloatArray());
        out.put("lstm dcPrev", dcp.toFloatArray());
    }

    private static void resampling(Backend be, Map<String, float[]> out) {
        Tensor x = t(be, 21, 4, 8, 33, 30);
        for (PoolSpec spec : new PoolSpec[] {PoolSpec.of(PoolSpec.Kind.MAX, 2, 2),
                new PoolSpec(PoolSpec.Kind.AVG, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1})}) {
            Tensor y = be.pool(spec, x);
            Tensor dx = be.zeros(x.shape());
            be.poolBackward(spec, x, y, dx);
            out.put("pool " + spec.kind(), y.toFloatArray());
            out.put("pool backward " + spec.kind(), dx.toFloatArray());
        }
        for (ResizeMode mode : ResizeMode.values()) {
            Tensor y = be.zeros(4, 8, 70, 45);
            be.resizeForward(mode, mode == ResizeMode.LINEAR, x, y);
            Tensor dx = be.zeros(x.shape());
            be.resizeBackward(mode, mode == ResizeMode.LINEAR, y, dx);
            out.put("resize " + mode, y.toFloatArray());
            out.put("resize backward " + mode, dx.toFloatArray());
        }
    }

    private static void seedSpecific(Backend be, Map<String, float[]> out) {
        Tensor x = t(be, 31, 4, 8, 30, 40), f = t(be, 32, 4, 9, 30, 40), y = be.zeros(x.shape());
        be.localFilterForward(x, f, 3, 3, y);
        Tensor dx = be.zeros(x.shape()), df = be.zeros(f.shape());
        be.localFilterBackward(x, f, 3, 3, y, dx, df);
        out.put("local filter", y.toFloatArray());
        out.put("local filter dx", dx.toFloatArray());
        out.put("local filter df", df.toFloatArray());
        Tensor k = t(be, 33, 4, 8, 5, 5), cy = be.zeros(4, 8, 30, 40);
        be.crossConvForward(x, k, 2, 2, cy);
        Tensor cdx = be.zeros(x.shape()), cdk = be.zeros(k.shape());
        be.crossConvBackward(x, k, 2, 2, cy, cdx, cdk);
        out.put("cross conv", cy.toFloatArray());
        out.put("cross conv dx", cdx.toFloatArray());
        out.put("cross conv dk", cdk.toFloatArray());
    }

    private static void linear(Backend be, Map<String, float[]> out) {
        Tensor a = t(be, 41, 70, 90), b = t(be, 42, 90, 60);
        out.put("gemm", be.matmul(a, false, b, false).toFloatArray());
        out.put("gemm tt", be.matmul(b, true, a, true).toFloatArray());
        ConvSpec spec = ConvSpec.of(2, 1, 1);
        Tensor x = t(be, 43, 3, 6, 20, 20), w = t(be, 44, 8, 6, 3, 3), bias = t(be, 45, 8);
        Tensor y = be.conv(spec, x, w, bias);
        Tensor dx = be.zeros(x.shape()), dw = be.zeros(w.shape()), db = be.zeros(8);
        be.convBackwardData(spec, y, w, dx);
        be.convBackwardWeight(spec, x, y, dw, db);
        List<float[]> r = new ArrayList<>(List.of(y.toFloatArray(), dx.toFloatArray(), dw.toFloatArray(),
                db.toFloatArray()));
        for (int i = 0; i < r.size(); i++) {
            out.put("conv " + i, r.get(i));
        }
    }
}
