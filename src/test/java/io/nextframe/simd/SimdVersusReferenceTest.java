package io.nextframe.simd;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Random;

/**
 * {@link SimdGemm} and {@link SimdConv} against the {@code reference} backend through its checked {@link Backend}
 * front, on the reference backend's own tensors (both keep F32 in {@code CpuStorage}), within 1e-5 relative to the
 * output's scale, scaled by the reduction length.
 */
class SimdVersusReferenceTest {
    private static Backend ref;
    private static WorkerPool pool;
    private static SimdGemm gemm;
    private static SimdConv conv;

    @BeforeAll
    static void open() {
        ref = Backends.open("reference");
        pool = new WorkerPool(2);
        gemm = new SimdGemm(pool);
        conv = new SimdConv(pool, gemm);
    }

    @AfterAll
    static void close() {
        pool.close();
        ref.close();
    }

    private static Tensor random(Random r, int... dims) {
        return MemoryOnlyBackend.random(ref, r, dims);
    }

    /** max |got − want| ≤ 1e-5 · max(1, reduction/64) · max(1, max |want|). */
    private static void assertAgrees(String what, Tensor want, Tensor got, int reduction) {
        float[] w = want.toFloatArray(), g = got.toFloatArray();
        double scale = 1, err = 0;
        int worst = 0;
        for (int i = 0; i < w.length; i++) {
            scale = Math.max(scale, Math.abs(w[i]));
            double e = Math.abs((double) w[i] - g[i]);
            if (!(e <= err)) {
                err = e;
                worst = i;
            }
        }
        double bound = 1e-5 * Math.max(1, reduction / 64.0) * scale;
        if (!(err <= bound)) {
            throw new AssertionError(what + ": element " + worst + " is " + g[worst] + ", reference " + w[worst]
                    + " (error " + err + ", bound " + bound + ")");
        }
    }

    @Test
    void gemmAgreesOnTransposesBetaAndBatches() {
        Random r = new Random(21);
        int[][] mnk = {{1, 1, 1}, {7, 33, 5}, {65, 31, 300}, {130, 97, 64}, {3, 300, 17}};
        float[] betas = {0f, 1f, -0.5f};
        int i = 0;
        for (int[] s : mnk) {
            for (int t = 0; t < 4; t++, i++) {
                boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                float beta = betas[i % 3];
                int batch = i % 5 == 0 ? 3 : 0;
                int ab = batch > 0 && t == 1 ? 1 : batch, bb = batch > 0 && t == 2 ? 1 : batch;
                try (Tensor a = random(r, dims(ab, ta ? s[2] : s[0], ta ? s[0] : s[2]));
                     Tensor b = random(r, dims(bb, tb ? s[1] : s[2], tb ? s[2] : s[1]));
                     Tensor c0 = random(r, dims(batch, s[0], s[1]))) {
                    Tensor want = ref.copyOf(c0), got = ref.copyOf(c0);
                    ref.gemm(ta, tb, 0.8f, a, b, beta, want);
                    gemm.gemm(ta, tb, 0.8f, a, b, beta, got);
                    assertAgrees("gemm " + java.util.Arrays.toString(s) + " ta=" + ta + " tb=" + tb + " β=" + beta
                            + " batch=" + batch, want, got, s[2]);
                    want.close();
                    got.close();
                }
            }
        }
    }

    private static int[] dims(int batch, int rows, int cols) {
        return batch > 0 ? new int[] {batch, rows, cols} : new int[] {rows, cols};
    }

    @Test
    void convolutionsAgree() {
        Random r = new Random(22);
        // {n, cin, cout, groups, in..., k..., stride, pad, dil, extra input for backward-data}
        Object[][] cases = {
                {new int[] {2, 3, 8, 1}, new int[] {19}, new int[] {5}, 2, 2, 1, 1},
                {new int[] {3, 4, 6, 2}, new int[] {16, 16}, new int[] {4, 4}, 2, 1, 1, 1},
                {new int[] {2, 6, 6, 6}, new int[] {9, 11}, new int[] {3, 3}, 1, 1, 1, 0},
                {new int[] {2, 8, 12, 1}, new int[] {12, 10}, new int[] {3, 3}, 1, 2, 2, 0},
                {new int[] {16, 16, 8, 1}, new int[] {4, 4}, new int[] {4, 4}, 1, 0, 1, 0},
                {new int[] {2, 4, 6, 1}, new int[] {6, 8, 7}, new int[] {3, 3, 3}, 2, 1, 1, 1},
        };
        for (Object[] cs : cases) {
            int[] ch = (int[]) cs[0], in = (int[]) cs[1], k = (int[]) cs[2];
            int stride = (Integer) cs[3], pad = (Integer) cs[4], dil = (Integer) cs[5], extra = (Integer) cs[6];
            int d = in.length;
            ConvSpec spec = ConvSpec.of(d, stride, pad).withGroups(ch[3]).withDilation(fill(d, dil));
            Shape xs = shape(ch[0], ch[1], in), ws = shape(ch[2], ch[1] / ch[3], k);
            try (Tensor x = random(r, xs.dims()); Tensor w = random(r, ws.dims()); Tensor b = random(r, ch[2])) {
                Shape ys = Backend.convOutputShape(spec, xs, ws);
                int reduction = (int) (ws.size() / ch[2]);
                try (Tensor want = ref.zeros(ys); Tensor got = ref.zeros(ys); Tensor dy = random(r, ys.dims())) {
                    ref.convForward(spec, x, w, b, want);
                    conv.forward(spec, x, w, b, got);
                    assertAgrees("forward " + spec + " x " + xs, want, got, reduction);

                    int[] bigger = in.clone();
                    for (int a = 0; a < d; a++) {
                        bigger[a] += extra;
                    }
                    Shape dxs = shape(ch[0], ch[1], bigger);
                    if (Backend.convOutputShape(spec, dxs, ws).equals(ys)) {
                        try (Tensor dxWant = ref.zeros(dxs); Tensor dxGot = ref.zeros(dxs)) {
                            ref.convBackwardData(spec, dy, w, dxWant);
                            conv.backwardData(spec, dy, w, dxGot);
                            assertAgrees("backward-data " + spec + " dx " + dxs, dxWant, dxGot, (int) ws.size());
                        }
                    }
                    try (Tensor dwWant = ref.zeros(ws); Tensor dwGot = ref.zeros(ws);
                         Tensor dbWant = ref.zeros(ch[2]); Tensor dbGot = ref.zeros(ch[2])) {
                        ref.convBackwardWeight(spec, x, dy, dwWant, dbWant);
                        conv.backwardWeight(spec, x, dy, dwGot, dbGot);
                        int positions = (int) (ys.size() / ch[2]);
                        assertAgrees("backward-weight dw " + spec + " x " + xs, dwWant, dwGot, positions);
                        assertAgrees("backward-weight dbias " + spec + " x " + xs, dbWant, dbGot, positions);
                    }
                }
            }
        }
    }

    @Test
    void simdBackendFrontAgreesWithReferenceFront() {
        // the same ops through Backends.open("simd"): SimdKernels wired to SimdGemm and SimdConv, with the front's
        // checks and copies in between
        Random r = new Random(23);
        try (Backend simd = Backends.open("simd")) {
            ConvSpec spec = ConvSpec.of(2, 2, 1).withGroups(2);
            try (Tensor x = random(r, 3, 4, 9, 10); Tensor w = random(r, 6, 2, 4, 3); Tensor b = random(r, 6);
                 Tensor xs = x.copyTo(simd); Tensor ws = w.copyTo(simd); Tensor bs = b.copyTo(simd);
                 Tensor want = ref.conv(spec, x, w, b); Tensor got = simd.conv(spec, xs, ws, bs);
                 Tensor gotHere = got.copyTo(ref)) {
                assertAgrees("simd front conv", want, gotHere, 24);
                try (Tensor dxWant = ref.zeros(x.shape()); Tensor dxGot = simd.zeros(x.shape());
                     Tensor dwWant = ref.zeros(w.shape()); Tensor dwGot = simd.zeros(w.shape())) {
                    ref.convBackwardData(spec, want, w, dxWant);
                    simd.convBackwardData(spec, got, ws, dxGot);
                    ref.convBackwardWeight(spec, x, want, dwWant, null);
                    simd.convBackwardWeight(spec, xs, got, dwGot, null);
                    try (Tensor dxHere = dxGot.copyTo(ref); Tensor dwHere = dwGot.copyTo(ref)) {
                        assertAgrees("simd front conv backward-data", dxWant, dxHere, 72);
                        assertAgrees("simd front conv backward-weight", dwWant, dwHere, 75);
                    }
                }
            }
            try (Tensor a = random(r, 2, 50, 70); Tensor bm = random(r, 1, 40, 70);
                 Tensor as = a.copyTo(simd); Tensor bms = bm.copyTo(simd);
                 Tensor want = ref.matmul(a, false, bm, true); Tensor got = simd.matmul(as, false, bms, true);
                 Tensor gotHere = got.copyTo(ref)) {
                assertAgrees("simd front batched matmul", want, gotHere, 70);
            }
        }
    }

    private static int[] fill(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    private static Shape shape(int a, int b, int[] rest) {
        int[] d = new int[rest.length + 2];
        d[0] = a;
        d[1] = b;
        System.arraycopy(rest, 0, d, 2, rest.length);
        return Shape.of(d);
    }
}
