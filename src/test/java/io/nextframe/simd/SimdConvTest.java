package io.nextframe.simd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SimdConv} forward, backward-data and backward-weight against double-precision loops written here, over
 * 1-D/2-D/3-D shapes with strides, paddings, dilations, groups, depthwise, 1×1, transposed outputs with output
 * padding, several samples per GEMM and position bands; plus the adjoint identity and thread-count determinism.
 */
class SimdConvTest {
    private static Backend backend;
    private static WorkerPool pool1;
    private static WorkerPool pool2;

    @BeforeAll
    static void open() {
        backend = MemoryOnlyBackend.open();
        pool1 = new WorkerPool(1);
        pool2 = new WorkerPool(2);
    }

    @AfterAll
    static void close() {
        pool1.close();
        pool2.close();
    }

    /** A case: spatial extents of x, kernel extents, per-axis stride/padding/dilation, channels, groups, batch. */
    record Case(String name, int n, int cin, int cout, int groups, int[] in, int[] k, int[] stride, int[] pad,
                int[] dil, int[] extraIn) {
        ConvSpec spec() {
            return new ConvSpec(stride, pad, dil, groups);
        }

        int dims() {
            return in.length;
        }

        int[] out() {
            int[] o = new int[dims()];
            for (int a = 0; a < dims(); a++) {
                o[a] = (in[a] + 2 * pad[a] - dil[a] * (k[a] - 1) - 1) / stride[a] + 1;
            }
            return o;
        }

        /** The input extent of backward-data: in + extraIn (output padding, < stride). */
        int[] dxIn() {
            int[] d = in.clone();
            for (int a = 0; a < d.length; a++) {
                d[a] += extraIn[a];
            }
            return d;
        }

        Shape xShape(int[] sp) {
            return shape(n, cin, sp);
        }

        Shape wShape() {
            return shape(cout, cin / groups, k);
        }

        Shape yShape() {
            return shape(n, cout, out());
        }

        @Override
        public String toString() {
            return name + " n=" + n + " cin=" + cin + " cout=" + cout + " g=" + groups + " in=" + Arrays.toString(in)
                    + " k=" + Arrays.toString(k) + " " + spec();
        }
    }

    static Shape shape(int a, int b, int[] rest) {
        int[] d = new int[rest.length + 2];
        d[0] = a;
        d[1] = b;
        System.arraycopy(rest, 0, d, 2, rest.length);
        return Shape.of(d);
    }

    static int[] v(int... x) {
        return x;
    }

    static Case c(String name, int n, int cin, int cout, int groups, int[] in, int[] k, int[] s, int[] p, int[] d) {
        return new Case(name, n, cin, cout, groups, in, k, s, p, d, new int[in.length]);
    }

    static List<Case> cases() {
        List<Case> l = new ArrayList<>();
        l.add(c("1d", 2, 3, 5, 1, v(17), v(3), v(1), v(1), v(1)));
        l.add(c("1d stride dil", 3, 4, 6, 2, v(29), v(3), v(2), v(2), v(2)));
        l.add(c("2d basic", 2, 3, 4, 1, v(9, 11), v(3, 3), v(1, 1), v(1, 1), v(1, 1)));
        l.add(c("2d dcgan-like", 3, 5, 7, 1, v(16, 16), v(4, 4), v(2, 2), v(1, 1), v(1, 1)));
        l.add(c("2d odd stride pad", 2, 6, 9, 3, v(13, 10), v(3, 2), v(3, 2), v(2, 0), v(1, 2)));
        l.add(c("2d depthwise", 2, 8, 8, 8, v(12, 9), v(3, 3), v(1, 1), v(1, 1), v(1, 1)));
        l.add(c("2d depthwise x2", 2, 4, 8, 4, v(11, 11), v(5, 5), v(2, 2), v(2, 2), v(1, 1)));
        l.add(c("2d pointwise", 3, 10, 7, 1, v(9, 13), v(1, 1), v(1, 1), v(0, 0), v(1, 1)));
        l.add(c("2d 1x1 grouped", 2, 6, 4, 2, v(5, 7), v(1, 1), v(1, 1), v(0, 0), v(1, 1)));
        l.add(c("2d valid to 1x1", 5, 8, 6, 1, v(4, 4), v(4, 4), v(1, 1), v(0, 0), v(1, 1)));
        l.add(c("dense grouped", 3, 4, 6, 2, v(3, 5), v(3, 5), v(2, 1), v(0, 0), v(1, 1)));
        l.add(c("2d stride 2 long rows", 2, 3, 5, 1, v(6, 70), v(3, 4), v(2, 2), v(1, 1), v(1, 1)));
        l.add(c("few positions, many filters", 1, 3, 40, 1, v(3, 3), v(3, 3), v(1, 2), v(1, 1), v(1, 1)));
        l.add(c("1d dense", 4, 3, 5, 1, v(6), v(6), v(1), v(0), v(1)));
        l.add(c("2d size-1 channel", 1, 1, 1, 1, v(7, 5), v(2, 3), v(1, 2), v(0, 1), v(2, 1)));
        l.add(c("2d big pad", 2, 2, 3, 1, v(3, 4), v(3, 3), v(1, 1), v(3, 2), v(1, 1)));
        l.add(c("3d", 2, 3, 4, 1, v(5, 7, 6), v(3, 3, 2), v(1, 2, 1), v(1, 1, 0), v(1, 1, 2)));
        l.add(c("3d stride2 grouped", 2, 4, 6, 2, v(8, 8, 8), v(4, 4, 4), v(2, 2, 2), v(1, 1, 1), v(1, 1, 1)));
        l.add(c("2d wide image", 1, 3, 5, 1, v(40, 45), v(3, 3), v(1, 1), v(1, 1), v(1, 1)));
        return l;
    }

    /** Transposed-convolution cases: dx larger than the minimal input by up to stride − 1. */
    static List<Case> transposedCases() {
        return List.of(
                new Case("t 2d s2 op1", 2, 4, 6, 1, v(8, 9), v(4, 3), v(2, 2), v(1, 1), v(1, 1), v(1, 1)),
                new Case("t 2d one position, bigger dx", 2, 4, 3, 1, v(4, 4), v(4, 4), v(2, 2), v(0, 0), v(1, 1),
                        v(1, 1)),
                new Case("t 2d s2 long rows", 2, 3, 4, 1, v(5, 65), v(3, 3), v(2, 2), v(1, 1), v(1, 1), v(1, 1)),
                new Case("t 1d s3 op2", 2, 3, 2, 1, v(10), v(3), v(3), v(1), v(1), v(2)),
                new Case("t 3d s2 op1 grouped", 1, 4, 4, 2, v(5, 6, 5), v(3, 3, 3), v(2, 2, 2), v(1, 1, 1),
                        v(1, 1, 1), v(1, 0, 1)));
    }

    // ---- double-precision references --------------------------------------------------------------------------

    interface TapVisitor {
        void visit(int n, int co, int ci, long xi, long wi, long yi);
    }

    /** Visits every (x element, w element, y element) triple of the convolution, in 3-D normalised form. */
    static void eachTap(Case cs, int[] inSp, TapVisitor v) {
        int dims = cs.dims(), off = 3 - dims;
        int[] in = {1, 1, 1}, k = {1, 1, 1}, o = {1, 1, 1}, s = {1, 1, 1}, p = {0, 0, 0}, d = {1, 1, 1};
        int[] out = cs.out();
        for (int a = 0; a < dims; a++) {
            in[off + a] = inSp[a];
            k[off + a] = cs.k()[a];
            o[off + a] = out[a];
            s[off + a] = cs.stride()[a];
            p[off + a] = cs.pad()[a];
            d[off + a] = cs.dil()[a];
        }
        int cinG = cs.cin() / cs.groups(), coutG = cs.cout() / cs.groups();
        int inVol = in[0] * in[1] * in[2], kVol = k[0] * k[1] * k[2], outVol = o[0] * o[1] * o[2];
        for (int n = 0; n < cs.n(); n++) {
            for (int co = 0; co < cs.cout(); co++) {
                int g = co / coutG;
                for (int ci = 0; ci < cinG; ci++) {
                    int c = g * cinG + ci;
                    for (int od = 0; od < o[0]; od++) {
                        for (int oh = 0; oh < o[1]; oh++) {
                            for (int ow = 0; ow < o[2]; ow++) {
                                long yi = ((long) n * cs.cout() + co) * outVol + (od * o[1] + oh) * o[2] + ow;
                                for (int kd = 0; kd < k[0]; kd++) {
                                    int id = od * s[0] - p[0] + kd * d[0];
                                    if (id < 0 || id >= in[0]) {
                                        continue;
                                    }
                                    for (int kh = 0; kh < k[1]; kh++) {
                                        int ih = oh * s[1] - p[1] + kh * d[1];
                                        if (ih < 0 || ih >= in[1]) {
                                            continue;
                                        }
                                        for (int kw = 0; kw < k[2]; kw++) {
                                            int iw = ow * s[2] - p[2] + kw * d[2];
                                            if (iw < 0 || iw >= in[2]) {
                                                continue;
                                            }
                                            long xi = ((long) n * cs.cin() + c) * inVol + (id * in[1] + ih) * in[2] + iw;
                                            long wi = ((long) co * cinG + ci) * kVol + (kd * k[1] + kh) * k[2] + kw;
                                            v.visit(n, co, ci, xi, wi, yi);
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    static float[] rnd(Random r, long n) {
        float[] a = new float[Math.toIntExact(n)];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextFloat() * 2 - 1;
        }
        return a;
    }

    /** Checks got against ref within float rounding of a sum whose absolute terms add to mag. */
    static void assertClose(String what, double[] ref, double[] mag, float[] got) {
        assertEquals(ref.length, got.length, what + ": length");
        for (int i = 0; i < got.length; i++) {
            double bound = 1e-5 * mag[i] + 1e-6;
            double err = Math.abs(got[i] - ref[i]);
            if (!(err <= bound)) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", expected " + ref[i]
                        + " (error " + err + ", bound " + bound + ")");
            }
        }
    }

    // ---- tests --------------------------------------------------------------------------------------------------

    @Test
    void forwardMatchesDoubleLoop() {
        for (Case cs : cases()) {
            checkForward(cs, pool2, new Random(cs.name().hashCode()), Long.MAX_VALUE);
        }
    }

    @Test
    void backwardDataMatchesDoubleLoopIncludingTransposedOutputPadding() {
        List<Case> all = new ArrayList<>(cases());
        all.addAll(transposedCases());
        for (Case cs : all) {
            checkBackwardData(cs, pool2, new Random(cs.name().hashCode() + 1), Long.MAX_VALUE);
        }
    }

    @Test
    void backwardWeightMatchesDoubleLoop() {
        for (Case cs : cases()) {
            checkBackwardWeight(cs, pool2, new Random(cs.name().hashCode() + 2), Long.MAX_VALUE);
        }
    }

    @Test
    void positionBandsAndManySamplesPerGemmGiveTheSameAnswer() {
        // a tiny bound on the lowered matrix forces bands of output positions; small outputs put samples side by side
        Case wide = c("banded", 3, 3, 4, 1, v(20, 21), v(3, 3), v(1, 1), v(1, 1), v(1, 1));
        Case small = c("stacked", 40, 4, 6, 2, v(5, 5), v(3, 3), v(2, 2), v(1, 1), v(1, 1));
        for (WorkerPool p : List.of(pool1, pool2)) {
            checkForward(wide, p, new Random(5), 27L * 40);
            checkBackwardData(wide, p, new Random(6), 27L * 40);
            checkBackwardWeight(wide, p, new Random(7), 27L * 40);
            checkForward(small, p, new Random(8), Long.MAX_VALUE);
            checkBackwardData(small, p, new Random(9), Long.MAX_VALUE);
            checkBackwardWeight(small, p, new Random(10), Long.MAX_VALUE);
        }
    }

    private void checkForward(Case cs, WorkerPool pool, Random r, long maxCol) {
        float[] x = rnd(r, cs.xShape(cs.in()).size()), w = rnd(r, cs.wShape().size()), b = rnd(r, cs.cout());
        double[] ref = new double[Math.toIntExact(cs.yShape().size())], mag = new double[ref.length];
        eachTap(cs, cs.in(), (n, co, ci, xi, wi, yi) -> {
            ref[(int) yi] += (double) x[(int) xi] * w[(int) wi];
            mag[(int) yi] += Math.abs((double) x[(int) xi] * w[(int) wi]);
        });
        for (int i = 0; i < ref.length; i++) {
            int co = i / (ref.length / cs.n() / cs.cout()) % cs.cout();
            ref[i] += b[co];
            mag[i] += Math.abs(b[co]);
        }
        try (Tensor xt = backend.fromFloats(cs.xShape(cs.in()), x); Tensor wt = backend.fromFloats(cs.wShape(), w);
             Tensor bt = backend.fromFloats(Shape.of(cs.cout()), b);
             Tensor yt = filled(cs.yShape(), Float.NaN)) {
            conv(pool, maxCol).forward(cs.spec(), xt, wt, bt, yt);
            assertClose("forward " + cs, ref, mag, yt.toFloatArray());
        }
    }

    private void checkBackwardData(Case cs, WorkerPool pool, Random r, long maxCol) {
        int[] dxIn = cs.dxIn();
        float[] dy = rnd(r, cs.yShape().size()), w = rnd(r, cs.wShape().size());
        double[] ref = new double[Math.toIntExact(cs.xShape(dxIn).size())], mag = new double[ref.length];
        eachTap(cs, dxIn, (n, co, ci, xi, wi, yi) -> {
            ref[(int) xi] += (double) dy[(int) yi] * w[(int) wi];
            mag[(int) xi] += Math.abs((double) dy[(int) yi] * w[(int) wi]);
        });
        try (Tensor dyt = backend.fromFloats(cs.yShape(), dy); Tensor wt = backend.fromFloats(cs.wShape(), w);
             Tensor dxt = filled(cs.xShape(dxIn), Float.NaN)) {
            conv(pool, maxCol).backwardData(cs.spec(), dyt, wt, dxt);
            assertClose("backwardData " + cs + " dx " + Arrays.toString(dxIn), ref, mag, dxt.toFloatArray());
        }
    }

    private void checkBackwardWeight(Case cs, WorkerPool pool, Random r, long maxCol) {
        float[] x = rnd(r, cs.xShape(cs.in()).size()), dy = rnd(r, cs.yShape().size());
        double[] ref = new double[Math.toIntExact(cs.wShape().size())], mag = new double[ref.length];
        eachTap(cs, cs.in(), (n, co, ci, xi, wi, yi) -> {
            ref[(int) wi] += (double) dy[(int) yi] * x[(int) xi];
            mag[(int) wi] += Math.abs((double) dy[(int) yi] * x[(int) xi]);
        });
        double[] refB = new double[cs.cout()], magB = new double[cs.cout()];
        int outVol = Math.toIntExact(cs.yShape().size() / cs.n() / cs.cout());
        for (int i = 0; i < dy.length; i++) {
            refB[i / outVol % cs.cout()] += dy[i];
            magB[i / outVol % cs.cout()] += Math.abs(dy[i]);
        }
        try (Tensor xt = backend.fromFloats(cs.xShape(cs.in()), x); Tensor dyt = backend.fromFloats(cs.yShape(), dy);
             Tensor dwt = filled(cs.wShape(), Float.NaN);
             Tensor dbt = filled(Shape.of(cs.cout()), Float.NaN)) {
            conv(pool, maxCol).backwardWeight(cs.spec(), xt, dyt, dwt, dbt);
            assertClose("backwardWeight dw " + cs, ref, mag, dwt.toFloatArray());
            assertClose("backwardWeight dbias " + cs, refB, magB, dbt.toFloatArray());
        }
    }

    /** A tensor of {@code value} everywhere: outputs start as NaN so a skipped element cannot pass. */
    private static Tensor filled(Shape shape, float value) {
        float[] v = new float[Math.toIntExact(shape.size())];
        Arrays.fill(v, value);
        return backend.fromFloats(shape, v);
    }

    private static SimdConv conv(WorkerPool pool, long maxCol) {
        SimdGemm g = new SimdGemm(pool);
        return maxCol == Long.MAX_VALUE ? new SimdConv(pool, g) : new SimdConv(pool, g, maxCol);
    }

    @Test
    void backwardDataIsTheAdjointOfForward() {
        // ⟨conv(x), dy⟩ = ⟨x, convᵀ(dy)⟩, on a transposed shape with output padding
        Case cs = transposedCases().get(0);
        Random r = new Random(11);
        SimdConv conv = conv(pool2, Long.MAX_VALUE);
        int[] in = cs.dxIn();
        float[] x = rnd(r, cs.xShape(in).size()), w = rnd(r, cs.wShape().size()), dy = rnd(r, cs.yShape().size());
        try (Tensor xt = backend.fromFloats(cs.xShape(in), x); Tensor wt = backend.fromFloats(cs.wShape(), w);
             Tensor dyt = backend.fromFloats(cs.yShape(), dy); Tensor yt = backend.zeros(cs.yShape());
             Tensor dxt = backend.zeros(cs.xShape(in))) {
            conv.forward(cs.spec(), xt, wt, null, yt);
            conv.backwardData(cs.spec(), dyt, wt, dxt);
            double lhs = dot(yt.toFloatArray(), dy), rhs = dot(x, dxt.toFloatArray());
            assertEquals(lhs, rhs, 1e-4 * (Math.abs(lhs) + 1));
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }

    @Test
    void bitwiseIdenticalForAnyThreadCount() {
        List<Case> shapes = List.of(
                c("many samples", 8, 16, 32, 1, v(16, 16), v(3, 3), v(1, 1), v(1, 1), v(1, 1)),
                c("one chunk", 16, 32, 64, 1, v(8, 8), v(4, 4), v(2, 2), v(1, 1), v(1, 1)),
                c("grouped", 3, 8, 8, 4, v(15, 13), v(3, 3), v(2, 1), v(1, 1), v(1, 1)),
                c("3d", 2, 4, 8, 1, v(6, 10, 10), v(3, 3, 3), v(1, 1, 1), v(1, 1, 1), v(1, 1, 1)));
        try (WorkerPool pool3 = new WorkerPool(3)) {
            for (Case cs : shapes) {
                float[][] r1 = all(cs, pool1), r2 = all(cs, pool2), r3 = all(cs, pool3);
                for (int i = 0; i < r1.length; i++) {
                    assertArrayEquals(r1[i], r2[i], "1 vs 2 threads, output " + i + " of " + cs);
                    assertArrayEquals(r1[i], r3[i], "1 vs 3 threads, output " + i + " of " + cs);
                }
            }
        }
    }

    /** y, dx, dw, dbias of one case on one pool, from fixed random inputs. */
    private float[][] all(Case cs, WorkerPool pool) {
        Random r = new Random(12);
        SimdConv conv = conv(pool, Long.MAX_VALUE);
        try (Tensor x = backend.fromFloats(cs.xShape(cs.in()), rnd(r, cs.xShape(cs.in()).size()));
             Tensor w = backend.fromFloats(cs.wShape(), rnd(r, cs.wShape().size()));
             Tensor b = backend.fromFloats(Shape.of(cs.cout()), rnd(r, cs.cout()));
             Tensor dy = backend.fromFloats(cs.yShape(), rnd(r, cs.yShape().size()));
             Tensor y = backend.zeros(cs.yShape()); Tensor dx = backend.zeros(cs.xShape(cs.in()));
             Tensor dw = backend.zeros(cs.wShape()); Tensor db = backend.zeros(cs.cout())) {
            conv.forward(cs.spec(), x, w, b, y);
            conv.backwardData(cs.spec(), dy, w, dx);
            conv.backwardWeight(cs.spec(), x, dy, dw, db);
            return new float[][] {y.toFloatArray(), dx.toFloatArray(), dw.toFloatArray(), db.toFloatArray()};
        }
    }

    @Test
    void rejectsWrongShapesBeforeComputing() {
        SimdConv conv = conv(pool1, Long.MAX_VALUE);
        try (Tensor x = backend.zeros(1, 4, 8, 8); Tensor w = backend.zeros(6, 4, 3, 3);
             Tensor y = backend.zeros(1, 6, 7, 8); Tensor b = backend.zeros(5)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> conv.forward(ConvSpec.of(2, 1, 1), x, w, null, y));
            assertTrue(e.getMessage().contains("y is [1, 6, 7, 8], expected [1, 6, 8, 8]"), e.getMessage());
            try (Tensor y2 = backend.zeros(1, 6, 8, 8)) {
                e = assertThrows(IllegalArgumentException.class, () -> conv.forward(ConvSpec.of(2, 1, 1), x, w, b, y2));
                assertTrue(e.getMessage().contains("bias"), e.getMessage());
                e = assertThrows(IllegalArgumentException.class,
                        () -> conv.forward(ConvSpec.of(2, 1, 1).withGroups(2), x, w, null, y2));
                assertTrue(e.getMessage().contains("input channels per group"), e.getMessage());
            }
        }
    }
}
