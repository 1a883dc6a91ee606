package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;

import java.util.List;

import static io.nextframe.testing.OpCase.outputs;
import static io.nextframe.testing.Tensors.dims;

/** GEMM: every transpose combination, α/β, odd and unit sizes, batched with broadcast, NaN in C with β = 0. */
final class GemmCases {
    private static final long BASE = 11;

    private GemmCases() {
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        for (int i = 0; i < 24; i++) {
            boolean batched = i >= 12;
            int m = g.size(37), n = g.size(37), k = g.size(45);
            int batch = batched ? g.between(2, 4) : 1;
            int aBatch = batched && g.coin() ? 1 : batch, bBatch = batched && aBatch != 1 && g.coin() ? 1 : batch;
            out.add(gemm(i, batched, g.coin(), g.coin(), g.pickFloat(1f, 0.5f, -1.25f), g.pickFloat(0f, 0f, 1f, 0.75f),
                    m, n, k, batch, aBatch, bBatch, false));
        }
        // a shape past typical register tiles in every direction, and one where C starts as NaN with β = 0
        out.add(gemm(100, false, false, true, 1f, 0f, 67, 45, 129, 1, 1, 1, false));
        out.add(gemm(101, false, true, false, 1f, 0f, 19, 23, 31, 1, 1, 1, true));
        out.add(gemm(102, true, false, false, 1f, 0.5f, 33, 17, 64, 3, 1, 3, false));
        // past typical cache blocking (K panels of 256, N panels of 48…) in every direction and transpose
        out.add(gemm(103, false, false, false, 1f, 0f, 131, 257, 300, 1, 1, 1, false));
        out.add(gemm(104, false, true, true, -0.5f, 1f, 97, 65, 513, 1, 1, 1, false));
        out.add(gemm(105, true, true, false, 1f, 0f, 50, 70, 90, 4, 4, 1, false));
    }

    private static OpCase gemm(int index, boolean batched, boolean ta, boolean tb, float alpha, float beta, int m,
                               int n, int k, int batch, int aBatch, int bBatch, boolean nanC) {
        int[] ad = ta ? new int[] {k, m} : new int[] {m, k};
        int[] bd = tb ? new int[] {n, k} : new int[] {k, n};
        int[] cd = {m, n};
        if (batched) {
            ad = new int[] {aBatch, ad[0], ad[1]};
            bd = new int[] {bBatch, bd[0], bd[1]};
            cd = new int[] {batch, m, n};
        }
        int[] fa = ad, fb = bd, fc = cd;
        String name = "gemm " + (ta ? "Aᵀ" : "A") + dims(ad) + " · " + (tb ? "Bᵀ" : "B") + dims(bd) + " → C"
                + dims(cd) + " α=" + alpha + " β=" + beta + (nanC ? " C=NaN" : "");
        return new OpCase(name, OpCases.seed(BASE, index), k, (Backend b, java.util.Random rnd) -> {
            Tensor a = Tensors.random(b, rnd, fa), bb = Tensors.random(b, rnd, fb);
            Tensor c = nanC ? b.full(Shape.of(fc), Float.NaN) : Tensors.random(b, rnd, fc);
            b.gemm(ta, tb, alpha, a, bb, beta, c);
            return outputs("C", c);
        });
    }
}
