package io.nextframe.simd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.cpu.CpuStorage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link SimdGemm} against a double-precision triple loop, on odd sizes, transposes, α/β and batches. */
class SimdGemmTest {
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

    /** C = α·op(A)·op(B) + β·C in double, on row-major arrays; returns also Σ|terms| per element for tolerances. */
    static double[][] reference(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, float[] b,
                                float beta, float[] c) {
        double[] out = new double[m * n], mag = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0, g = 0;
                for (int p = 0; p < k; p++) {
                    double x = ta ? a[p * m + i] : a[i * k + p];
                    double y = tb ? b[j * k + p] : b[p * n + j];
                    s += x * y;
                    g += Math.abs(x * y);
                }
                double prior = beta == 0 ? 0 : (double) beta * c[i * n + j];
                out[i * n + j] = alpha * s + prior;
                mag[i * n + j] = Math.abs(alpha) * g + Math.abs(prior);
            }
        }
        return new double[][] {out, mag};
    }

    static void assertClose(String what, double[][] ref, float[] got, int k) {
        double eps = 2.0 * (k + 2) * Math.ulp(1f);
        for (int i = 0; i < got.length; i++) {
            double err = Math.abs(got[i] - ref[0][i]);
            if (!(err <= eps * ref[1][i] + 1e-30)) {
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", expected " + ref[0][i]
                        + " (error " + err + ", bound " + eps * ref[1][i] + ")");
            }
        }
    }

    private static float[] randomArray(Random rnd, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return v;
    }

    @Test
    void matchesDoubleLoopOnOddSizesTransposesAlphaBeta() {
        Random rnd = new Random(1);
        int[] sizes = {1, 2, 5, 6, 7, 13, 31, 32, 33, 47, 64, 97};
        float[][] alphaBeta = {{1f, 0f}, {1f, 1f}, {0.5f, -0.7f}, {-1.25f, 0f}, {0f, 0.5f}};
        int cases = 0;
        for (int trial = 0; trial < 60; trial++) {
            int m = sizes[rnd.nextInt(sizes.length)], n = sizes[rnd.nextInt(sizes.length)];
            int k = trial % 10 == 0 ? 257 + rnd.nextInt(300) : sizes[rnd.nextInt(sizes.length)];
            boolean ta = (trial & 1) != 0, tb = (trial & 2) != 0;
            float alpha = alphaBeta[trial % 5][0], beta = alphaBeta[trial % 5][1];
            check(rnd, ta, tb, m, n, k, alpha, beta, trial % 3 == 0 ? pool2 : pool1);
            cases++;
        }
        // every transpose combination on sizes that cross the KC depth block and the micro-tile edges
        for (int t = 0; t < 4; t++) {
            check(rnd, (t & 1) != 0, (t & 2) != 0, 71, 83, 600, 1f, 0.5f, pool2);
            cases++;
        }
        assertEquals(64, cases);
    }

    private void check(Random rnd, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                       WorkerPool pool) {
        float[] a = randomArray(rnd, m * k), b = randomArray(rnd, k * n), c0 = randomArray(rnd, m * n);
        if (beta == 0) {
            Arrays.fill(c0, Float.NaN); // β = 0 must ignore C, NaN included
        }
        try (Tensor ta_ = backend.fromFloats(ta ? Shape.of(k, m) : Shape.of(m, k), a);
             Tensor tb_ = backend.fromFloats(tb ? Shape.of(n, k) : Shape.of(k, n), b);
             Tensor tc = backend.fromFloats(Shape.of(m, n), c0)) {
            new SimdGemm(pool).gemm(ta, tb, alpha, ta_, tb_, beta, tc);
            assertClose("gemm " + m + "×" + n + "×" + k + " ta=" + ta + " tb=" + tb + " α=" + alpha + " β=" + beta,
                    reference(ta, tb, m, n, k, alpha, a, b, beta, c0), tc.toFloatArray(), k);
        }
    }

    @Test
    void oneRowOrOneColumnOfC() {
        // the matrix–vector path: every transpose, strided vector operands, β 0/1/other, and a size big enough
        // to be split over threads
        Random rnd = new Random(5);
        int[][] shapes = {{1, 1, 1}, {1, 37, 7}, {1, 200, 300}, {45, 1, 33}, {300, 1, 129}, {1, 5000, 300},
                {4000, 1, 300}};
        float[] betas = {0f, 1f, 0.3f};
        int i = 0;
        for (int[] s : shapes) {
            for (int t = 0; t < 4; t++, i++) {
                check(rnd, (t & 1) != 0, (t & 2) != 0, s[0], s[1], s[2], 0.9f, betas[i % 3], i % 2 == 0 ? pool2 : pool1);
            }
        }
        float[] a = randomArray(rnd, 300 * 4000), b = randomArray(rnd, 300), c = randomArray(rnd, 4000);
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
            assertArrayEquals(run(pool1, ta, tb, 4000, 1, 300, a, b, c), run(pool2, ta, tb, 4000, 1, 300, a, b, c));
            assertArrayEquals(run(pool1, ta, tb, 1, 4000, 300, b, a, c), run(pool2, ta, tb, 1, 4000, 300, b, a, c));
        }
    }

    @Test
    void batchedWithBroadcastOfAOrB() {
        Random rnd = new Random(2);
        int batch = 3, m = 9, n = 35, k = 20;
        for (int mode = 0; mode < 3; mode++) {
            int ab = mode == 1 ? 1 : batch, bb = mode == 2 ? 1 : batch;
            boolean ta = mode == 1, tb = mode == 2;
            float[] a = randomArray(rnd, ab * m * k), b = randomArray(rnd, bb * k * n), c0 = randomArray(rnd, batch * m * n);
            try (Tensor at = backend.fromFloats(ta ? Shape.of(ab, k, m) : Shape.of(ab, m, k), a);
                 Tensor bt = backend.fromFloats(tb ? Shape.of(bb, n, k) : Shape.of(bb, k, n), b);
                 Tensor ct = backend.fromFloats(Shape.of(batch, m, n), c0)) {
                new SimdGemm(pool2).gemm(ta, tb, 1f, at, bt, 0.25f, ct);
                float[] got = ct.toFloatArray();
                for (int i = 0; i < batch; i++) {
                    float[] ai = Arrays.copyOfRange(a, (ab == 1 ? 0 : i) * m * k, (ab == 1 ? 1 : i + 1) * m * k);
                    float[] bi = Arrays.copyOfRange(b, (bb == 1 ? 0 : i) * k * n, (bb == 1 ? 1 : i + 1) * k * n);
                    float[] ci = Arrays.copyOfRange(c0, i * m * n, (i + 1) * m * n);
                    assertClose("batch " + i + " mode " + mode, reference(ta, tb, m, n, k, 1f, ai, bi, 0.25f, ci),
                            Arrays.copyOfRange(got, i * m * n, (i + 1) * m * n), k);
                }
            }
        }
    }

    @Test
    void rawFormRespectsOffsetsAndLeadingDimensions() {
        Random rnd = new Random(3);
        int m = 13, n = 40, k = 29, lda = k + 3, ldb = n + 5, ldc = n + 7;
        float[] big = randomArray(rnd, 4000);
        try (Tensor a = backend.fromFloats(Shape.of(4000), big); Tensor b = backend.fromFloats(Shape.of(4000), big);
             Tensor c = backend.fromFloats(Shape.of(4000), big)) {
            MemorySegment as = ((CpuStorage) a.storage()).segment(), bs = ((CpuStorage) b.storage()).segment();
            MemorySegment cs = ((CpuStorage) c.storage()).segment();
            new SimdGemm(pool2).gemm(false, false, m, n, k, 1f, as, 10, lda, bs, 100, ldb, 0f, cs, 50, ldc);
            float[] got = c.toFloatArray();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double s = 0;
                    for (int p = 0; p < k; p++) {
                        s += (double) big[10 + i * lda + p] * big[100 + p * ldb + j];
                    }
                    assertEquals(s, got[50 + i * ldc + j], 1e-4, "C(" + i + "," + j + ")");
                }
                // the gap between rows of C is untouched
                for (int j = n; j < ldc && i < m - 1; j++) {
                    assertEquals(big[50 + i * ldc + j], got[50 + i * ldc + j], "gap of row " + i);
                }
            }
            assertEquals(big[49], got[49]);
            assertEquals(big[50 + (m - 1) * ldc + n], got[50 + (m - 1) * ldc + n]);
        }
    }

    @Test
    void bitwiseIdenticalForAnyThreadCount() {
        Random rnd = new Random(4);
        int[][] shapes = {{200, 170, 300}, {7, 900, 513}, {600, 5, 260}, {130, 130, 130}};
        try (WorkerPool pool3 = new WorkerPool(3)) {
            for (int[] s : shapes) {
                for (int t = 0; t < 4; t++) {
                    boolean ta = (t & 1) != 0, tb = (t & 2) != 0;
                    int m = s[0], n = s[1], k = s[2];
                    float[] a = randomArray(rnd, m * k), b = randomArray(rnd, k * n), c = randomArray(rnd, m * n);
                    float[] r1 = run(pool1, ta, tb, m, n, k, a, b, c), r2 = run(pool2, ta, tb, m, n, k, a, b, c);
                    float[] r3 = run(pool3, ta, tb, m, n, k, a, b, c);
                    assertArrayEquals(r1, r2, "1 vs 2 threads " + Arrays.toString(s));
                    assertArrayEquals(r1, r3, "1 vs 3 threads " + Arrays.toString(s));
                }
            }
        }
    }

    private float[] run(WorkerPool pool, boolean ta, boolean tb, int m, int n, int k, float[] a, float[] b, float[] c) {
        try (Tensor at = backend.fromFloats(ta ? Shape.of(k, m) : Shape.of(m, k), a);
             Tensor bt = backend.fromFloats(tb ? Shape.of(n, k) : Shape.of(k, n), b);
             Tensor ct = backend.fromFloats(Shape.of(m, n), c)) {
            new SimdGemm(pool).gemm(ta, tb, 0.75f, at, bt, 0.5f, ct);
            return ct.toFloatArray();
        }
    }

    @Test
    void splitsWholeTilesAndUsesTheThreads() {
        assertEquals(2 << 16 | 1, SimdGemm.split(171, 32, 1024, 2, false), "square: split the rows, halving A's packing");
        assertEquals(1 << 16 | 1, SimdGemm.split(1, 1, 1024, 2, false));
        assertEquals(1 << 16 | 4, SimdGemm.split(1, 64, 512, 4, true), "one row of tiles: split the columns");
        assertEquals(4 << 16 | 1, SimdGemm.split(64, 1, 512, 4, false), "one column of tiles: split the rows");
    }

    @Test
    void rejectsMismatchedShapesNamingThem() {
        try (Tensor a = backend.zeros(3, 4); Tensor b = backend.zeros(5, 6); Tensor c = backend.zeros(3, 6)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new SimdGemm(pool1).gemm(false, false, 1f, a, b, 0f, c));
            assertTrue(e.getMessage().contains("op(B) is 5×6"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new SimdGemm(pool1).gemm(false, false, 2, 2, 2, 1f,
                MemorySegment.NULL, 0, 1, MemorySegment.NULL, 0, 2, 0f, MemorySegment.NULL, 0, 2));
    }

    @Test
    void kernelUsesTheWideSpecies() {
        // the micro-kernel is written for two vectors per row; a silent fallback to 64-bit vectors would be a bug
        assertTrue(GemmMicroKernel.L >= 4, "species length " + GemmMicroKernel.L);
        assertEquals(0, SimdGemm.MC % GemmMicroKernel.MR);
        assertEquals(0, SimdGemm.NC % GemmMicroKernel.NR);
        assertEquals(Float.BYTES, (int) ValueLayout.JAVA_FLOAT.byteSize());
    }
}
