package io.nextframe.core.autograd;

import org.junit.jupiter.api.Test;

class LinearGradTest {

    @Test
    void matmul2d() {
        new GradCheck(1).input(3, 4).input(4, 5).check("a·b", x -> F.matmul(x.get(0), x.get(1)));
        new GradCheck(2).input(4, 3).input(4, 5).check("aᵀ·b", x -> F.matmul(x.get(0), true, x.get(1), false));
        new GradCheck(3).input(3, 4).input(5, 4).check("a·bᵀ", x -> F.matmul(x.get(0), false, x.get(1), true));
        new GradCheck(4).input(4, 3).input(5, 4).check("aᵀ·bᵀ", x -> F.matmul(x.get(0), true, x.get(1), true));
    }

    @Test
    void batchedMatmulWithBroadcastBatch() {
        new GradCheck(5).input(3, 2, 4).input(3, 4, 5).check("batched", x -> F.matmul(x.get(0), x.get(1)));
        new GradCheck(6).input(1, 2, 4).input(3, 5, 4)
                .check("batched, A broadcast, B transposed", x -> F.matmul(x.get(0), false, x.get(1), true));
        new GradCheck(7).input(3, 4, 2).input(1, 4, 5)
                .check("batched, B broadcast, A transposed", x -> F.matmul(x.get(0), true, x.get(1), false));
    }

    @Test
    void linearPyTorchLayout() {
        new GradCheck(8).input(3, 5).input(4, 5).input(4)
                .check("linear", x -> F.linear(x.get(0), x.get(1), x.get(2)));
        new GradCheck(9).input(2, 3, 5).input(4, 5)
                .check("linear rank 3, no bias", x -> F.linear(x.get(0), x.get(1), null));
    }
}
