package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.nextframe.opencl.OpenClTestSupport.assertClose;
import static io.nextframe.opencl.OpenClTestSupport.random;

/** SGEMM against a naive triple loop: transposes, edges of the 8×16 blocks, β, broadcast batches. */
class OpenClGemmTest {
    static Backend cl;

    @BeforeAll
    static void open() {
        cl = OpenClTestSupport.backend();
    }

    /** C = α·op(A)·op(B) + β·C for one matrix, A/B stored as given by the flags. */
    static float[] naive(boolean ta, boolean tb, float alpha, float[] a, float[] b, float beta, float[] c, int m,
                         int n, int k, int aOff, int bOff, int cOff) {
        float[] out = new float[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    float av = ta ? a[aOff + p * m + i] : a[aOff + i * k + p];
                    float bv = tb ? b[bOff + j * k + p] : b[bOff + p * n + j];
                    s += (double) av * bv;
                }
                out[i * n + j] = (float) (alpha * s + (beta == 0 ? 0 : beta * c[cOff + i * n + j]));
            }
        }
        return out;
    }

    @Test
    void allTransposesOnOddSizes() {
        int[][] sizes = {{1, 1, 1}, {7, 13, 5}, {9, 17, 33}, {16, 32, 8}, {23, 40, 19}};
        for (int[] s : sizes) {
            int m = s[0], n = s[1], k = s[2];
            for (int f = 0; f < 4; f++) {
                boolean ta = (f & 1) != 0, tb = (f & 2) != 0;
                float[] a = random(m * 31L + f, m * k), b = random(n * 17L + f, k * n), c0 = random(5, m * n);
                try (var scope = cl.scope()) {
                    Tensor ta_ = cl.fromFloats(ta ? Shape.of(k, m) : Shape.of(m, k), a);
                    Tensor tb_ = cl.fromFloats(tb ? Shape.of(n, k) : Shape.of(k, n), b);
                    Tensor c = cl.fromFloats(Shape.of(m, n), c0);
                    cl.gemm(ta, tb, 1.5f, ta_, tb_, 0.5f, c);
                    assertClose(naive(ta, tb, 1.5f, a, b, 0.5f, c0, m, n, k, 0, 0, 0), c.toFloatArray(), 1e-5,
                            "gemm " + m + "×" + n + "×" + k + " transA=" + ta + " transB=" + tb);
                }
            }
        }
    }

    @Test
    void everyKernelFormAgrees() {
        // the device picks one form (8×32 blocks on CPUs, 64×64 local-memory tiles on GPUs); run all of them here
        ClContext ctx = ClContext.of(ClPlatforms.select(""));
        int[][] sizes = {{19, 45, 21}, {70, 130, 37}, {64, 64, 16}, {1, 3, 1}};
        for (int[] sz : sizes) {
            int m = sz[0], n = sz[1], k = sz[2], batch = 2;
            float[] a = random(11, m * k), b = random(12, batch * n * k), c0 = random(13, batch * m * n);
            for (GemmOps.Kernel form : GemmOps.Kernel.values()) {
                try (var scope = cl.scope()) {
                    Tensor c = cl.fromFloats(Shape.of(batch, m, n), c0);
                    new GemmOps(ctx, form).gemm(false, true, 0.75f, cl.fromFloats(Shape.of(1, m, k), a),
                            cl.fromFloats(Shape.of(batch, n, k), b), -1f, c);
                    float[] got = c.toFloatArray();
                    for (int i = 0; i < batch; i++) {
                        assertClose(naive(false, true, 0.75f, a, b, -1f, c0, m, n, k, 0, i * n * k, i * m * n),
                                java.util.Arrays.copyOfRange(got, i * m * n, (i + 1) * m * n), 1e-5,
                                "gemm " + form + " " + m + "×" + n + "×" + k + " batch " + i);
                    }
                }
            }
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        float[] a = random(1, 6), b = random(2, 6);
        try (var scope = cl.scope()) {
            Tensor c = cl.full(Shape.of(2, 2), Float.NaN);
            cl.gemm(false, false, 1f, cl.fromFloats(Shape.of(2, 3), a), cl.fromFloats(Shape.of(3, 2), b), 0f, c);
            assertClose(naive(false, false, 1f, a, b, 0f, null, 2, 2, 3, 0, 0, 0), c.toFloatArray(), 1e-6,
                    "gemm β=0 over NaN");
        }
    }

    @Test
    void batchedWithBroadcastOperand() {
        int batch = 3, m = 10, n = 18, k = 7;
        float[] a = random(3, m * k), b = random(4, batch * k * n);
        try (var scope = cl.scope()) {
            Tensor c = cl.zeros(batch, m, n);
            cl.gemm(false, false, 1f, cl.fromFloats(Shape.of(1, m, k), a), cl.fromFloats(Shape.of(batch, k, n), b),
                    0f, c);
            float[] got = c.toFloatArray();
            for (int i = 0; i < batch; i++) {
                float[] want = naive(false, false, 1f, a, b, 0f, null, m, n, k, 0, i * k * n, 0);
                float[] part = java.util.Arrays.copyOfRange(got, i * m * n, (i + 1) * m * n);
                assertClose(want, part, 1e-5, "batched gemm, batch " + i);
            }
        }
    }

    @Test
    void viewsWithOffsetsAreRespected() {
        // A is rows 2..5 of a bigger matrix: the kernel must start at the view's element offset
        float[] big = random(9, 8 * 6), b = random(10, 6 * 20);
        try (var scope = cl.scope()) {
            Tensor whole = cl.fromFloats(Shape.of(8, 6), big);
            Tensor a = whole.slice(0, 2, 6);
            Tensor c = cl.zeros(4, 20);
            cl.gemm(false, false, 1f, a, cl.fromFloats(Shape.of(6, 20), b), 0f, c);
            assertClose(naive(false, false, 1f, big, b, 0f, null, 4, 20, 6, 12, 0, 0), c.toFloatArray(), 1e-5,
                    "gemm on a row slice");
        }
    }
}
