package io.nextframe.core.reference;

import io.nextframe.core.Tensor;

/** C = α·op(A)·op(B) + β·C, rank 2 or batched rank 3 with batch-1 broadcast of A or B. */
final class ReferenceGemm {
    private ReferenceGemm() {
    }

    static void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int o = c.rank() - 2;
        int batch = o == 0 ? 1 : c.dim(0);
        int m = c.dim(o), n = c.dim(o + 1);
        int k = transA ? a.dim(o) : a.dim(o + 1);
        int aRows = a.dim(o), aCols = a.dim(o + 1), bRows = b.dim(o), bCols = b.dim(o + 1);
        boolean aBroadcast = o == 1 && a.dim(0) == 1, bBroadcast = o == 1 && b.dim(0) == 1;
        double[] av = TensorData.load(a), bv = TensorData.load(b);
        // β = 0 must ignore C entirely (NaN included), so C is read only when β ≠ 0
        double[] cv = beta == 0f ? new double[m * n * batch] : TensorData.load(c);
        for (int p = 0; p < batch; p++) {
            int aBase = (aBroadcast ? 0 : p) * aRows * aCols;
            int bBase = (bBroadcast ? 0 : p) * bRows * bCols;
            int cBase = p * m * n;
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int q = 0; q < k; q++) {
                        double aiq = transA ? av[aBase + q * aCols + i] : av[aBase + i * aCols + q];
                        double bqj = transB ? bv[bBase + j * bCols + q] : bv[bBase + q * bCols + j];
                        sum += aiq * bqj;
                    }
                    double prior = beta == 0f ? 0 : (double) beta * cv[cBase + i * n + j];
                    cv[cBase + i * n + j] = (double) alpha * sum + prior;
                }
            }
        }
        TensorData.store(c, cv);
    }
}
