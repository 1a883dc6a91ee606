package io.nextframe.core.reference;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.nextframe.testing.Tensors.assertValues;
import static io.nextframe.testing.Tensors.f64;

/** GEMM and convolution on examples small enough to compute by hand. */
class ReferenceLinearAndConvTest {
    private Backend b;
    private Scope scope;

    @BeforeEach
    void open() {
        b = Backends.get("reference");
        scope = b.scope();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Tensor zeros(int... d) {
        return b.zeros(DType.F64, Shape.of(d));
    }

    private static int[] d(int... dims) {
        return dims;
    }

    @Test
    void gemmWithEveryTransposeCombination() {
        Tensor a = f64(b, d(2, 2), 1, 2, 3, 4), m = f64(b, d(2, 2), 5, 6, 7, 8);
        Tensor c = zeros(2, 2);
        b.gemm(false, false, 1f, a, m, 0f, c);
        assertValues("A·B", c, 19, 22, 43, 50);
        b.gemm(true, false, 1f, a, m, 0f, c);
        assertValues("Aᵀ·B", c, 26, 30, 38, 44);
        b.gemm(false, true, 1f, a, m, 0f, c);
        assertValues("A·Bᵀ", c, 17, 23, 39, 53);
        b.gemm(true, true, 1f, a, m, 0f, c);
        assertValues("Aᵀ·Bᵀ", c, 23, 31, 34, 46);
    }

    @Test
    void gemmAlphaBetaAndRectangularShapes() {
        Tensor a = f64(b, d(2, 2), 1, 2, 3, 4), m = f64(b, d(2, 2), 5, 6, 7, 8);
        Tensor c = f64(b, d(2, 2), 1, 1, 1, 1);
        b.gemm(false, false, 2f, a, m, 0.5f, c);
        assertValues("2·A·B + 0.5·C", c, 38.5, 44.5, 86.5, 100.5);

        Tensor r = zeros(2, 1);
        b.gemm(false, false, 1f, f64(b, d(2, 3), 1, 0, 2, 0, 1, -1), f64(b, d(3, 1), 1, 2, 3), 0f, r);
        assertValues("(2×3)·(3×1)", r, 7, -1);
    }

    @Test
    void gemmWithBetaZeroIgnoresNaNInC() {
        Tensor c = b.full(Shape.of(1, 1), Float.NaN);
        b.gemm(false, false, 1f, b.fromFloats(Shape.of(1, 2), 1, 2), b.fromFloats(Shape.of(2, 1), 3, 4), 0f, c);
        assertValues("NaN in C, β = 0", c, 11);
    }

    @Test
    void batchedGemmBroadcastsABatchOfOne() {
        Tensor a = f64(b, d(1, 2, 2), 1, 2, 3, 4);
        Tensor m = f64(b, d(2, 2, 2), 1, 0, 0, 1, 2, 0, 0, 2);
        Tensor c = zeros(2, 2, 2);
        b.gemm(false, false, 1f, a, m, 0f, c);
        assertValues("[A]·[I, 2I]", c, 1, 2, 3, 4, 2, 4, 6, 8);
        b.gemm(false, false, 1f, m, a, 0f, c);
        assertValues("[I, 2I]·[A]", c, 1, 2, 3, 4, 2, 4, 6, 8);
    }

    @Test
    void conv1dWithPaddingAndBias() {
        Tensor x = f64(b, d(1, 1, 4), 1, 2, 3, 4), w = f64(b, d(1, 1, 3), 1, 0, -1);
        Tensor y = zeros(1, 1, 4);
        b.convForward(ConvSpec.of(1, 1, 1), x, w, null, y);
        assertValues("x ⋆ [1, 0, −1], pad 1", y, -2, -2, -2, 3);
        b.convForward(ConvSpec.of(1, 1, 1), x, w, f64(b, d(1), 10), y);
        assertValues("with bias 10", y, 8, 8, 8, 13);
    }

    @Test
    void conv1dWithStrideAndDilation() {
        Tensor x = f64(b, d(1, 1, 7), 1, 2, 3, 4, 5, 6, 7), w = f64(b, d(1, 1, 2), 1, 1);
        Tensor y = zeros(1, 1, 3);
        b.convForward(ConvSpec.of(1, 2, 0).withDilation(2), x, w, null, y);
        // y[o] = x[2o] + x[2o + 2]
        assertValues("stride 2, dilation 2", y, 4, 8, 12);
    }

    @Test
    void conv2dWithStridePaddingAndGroups() {
        Tensor x = f64(b, d(1, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9);
        Tensor ones = b.fromDoubles(Shape.of(1, 1, 3, 3), 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Tensor y = zeros(1, 1, 2, 2);
        b.convForward(ConvSpec.of(2, 2, 1), x, ones, null, y);
        // each output sums the 2×2 corner block of x its padded 3×3 window covers
        assertValues("3×3 ones, stride 2, pad 1", y, 12, 16, 24, 28);

        Tensor x2 = f64(b, d(1, 2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor w2 = f64(b, d(2, 1, 1, 1), 2, -1);
        Tensor y2 = zeros(1, 2, 2, 2);
        b.convForward(ConvSpec.of(2, 1, 0).withGroups(2), x2, w2, null, y2);
        assertValues("depthwise 1×1, groups 2", y2, 2, 4, 6, 8, -5, -6, -7, -8);
    }

    @Test
    void conv3dSumsTheWholeCube() {
        Tensor x = f64(b, d(1, 1, 2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        Tensor w = f64(b, d(1, 1, 2, 2, 2), 1, 1, 1, 1, 1, 1, 1, 1);
        Tensor y = zeros(1, 1, 1, 1, 1);
        b.convForward(ConvSpec.of(3, 1, 0), x, w, null, y);
        assertValues("2×2×2 ones", y, 36);
    }

    @Test
    void convBackwardDataScattersAndHonoursExtraExtent() {
        Tensor dy = f64(b, d(1, 1, 2), 1, 2), w = f64(b, d(1, 1, 3), 1, 1, 1);
        Tensor dx = zeros(1, 1, 5);
        b.convBackwardData(ConvSpec.of(1, 2, 0), dy, w, dx);
        // y0 = x0 + x1 + x2, y1 = x2 + x3 + x4
        assertValues("stride 2", dx, 1, 1, 3, 2, 2);
        Tensor dx6 = zeros(1, 1, 6);
        b.convBackwardData(ConvSpec.of(1, 2, 0), dy, w, dx6);
        assertValues("stride 2, one cell of output padding", dx6, 1, 1, 3, 2, 2, 0);
    }

    @Test
    void convTransposeAsInPyTorch() {
        // ConvTranspose1d(1, 1, 3, stride 2, padding 1, output_padding 1): out = (2−1)·2 − 2 + 2 + 1 + 1 = 4
        Tensor x = f64(b, d(1, 1, 2), 1, 2), w = f64(b, d(1, 1, 3), 1, 10, 100);
        Tensor y = b.convTranspose(ConvSpec.of(1, 2, 1), x, w, f64(b, d(1), 0.5), 1);
        // full scatter over positions −1..3: x0·w at −1, 0, 1; x1·w at 1, 2, 3; padding 1 drops position −1
        assertValues("transposed conv", y, 10.5, 100.5 + 2, 20.5, 200.5);
    }

    @Test
    void convBackwardWeightAndBias() {
        Tensor x = f64(b, d(1, 1, 4), 1, 2, 3, 4), dy = f64(b, d(1, 1, 2), 1, 1);
        Tensor dw = zeros(1, 1, 3), db = zeros(1);
        b.convBackwardWeight(ConvSpec.of(1, 1, 0), x, dy, dw, db);
        assertValues("dw[k] = Σ dy[o]·x[o + k]", dw, 3, 5, 7);
        assertValues("dbias = Σ dy", db, 2);
    }
}
