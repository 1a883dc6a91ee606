package io.nextframe.core.reference;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ResizeMode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.nextframe.testing.Tensors.assertAllClose;
import static io.nextframe.testing.Tensors.assertValues;
import static io.nextframe.testing.Tensors.f64;

/** Batch norm, pooling and resizing on examples small enough to compute by hand. */
class ReferenceNormPoolResizeTest {
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
    void batchNormTrainingNormalisesAndUpdatesRunningStats() {
        Tensor x = f64(b, d(2, 1), 1, 3);
        Tensor gamma = f64(b, d(1), 2), beta = f64(b, d(1), 0.5);
        Tensor rm = f64(b, d(1), 0), rv = f64(b, d(1), 1);
        Tensor y = zeros(2, 1), sm = zeros(1), si = zeros(1);
        b.batchNormForward(x, gamma, beta, rm, rv, true, 0.1f, 0f, y, sm, si);
        // mean 2, biased variance 1 → x̂ = ±1; y = 2·x̂ + 0.5
        assertValues("y", y, -1.5, 2.5);
        assertValues("saveMean", sm, 2);
        assertValues("saveInvStd", si, 1);
        // running: 0.9·0 + 0.1·2, and 0.9·1 + 0.1·(unbiased variance 2); momentum is the float 0.1f
        double m = 0.1f;
        assertValues("runningMean", rm, m * 2);
        assertValues("runningVar", rv, (1 - m) + m * 2);
    }

    @Test
    void batchNormTrainingPerChannelOverBatchAndSpace() {
        // (N=1, C=2, S=2): channel 0 is {1, 3}; channel 1 is constant, so its x̂ is 0 and y is β
        Tensor x = f64(b, d(1, 2, 2), 1, 3, 10, 10);
        Tensor y = zeros(1, 2, 2), sm = zeros(2), si = zeros(2);
        b.batchNormForward(x, null, f64(b, d(2), 0, 7), null, null, true, 0.1f, 1e-5f, y, sm, si);
        double inv = 1 / Math.sqrt(1 + (double) 1e-5f);
        assertValues("y", y, -inv, inv, 7, 7);
        assertValues("saveMean", sm, 2, 10);
        assertValues("saveInvStd", si, inv, 1 / Math.sqrt((double) 1e-5f));
    }

    @Test
    void batchNormEvaluationUsesRunningStats() {
        Tensor x = f64(b, d(2, 1), 3, 5);
        Tensor rm = f64(b, d(1), 1), rv = f64(b, d(1), 4);
        Tensor y = zeros(2, 1), sm = zeros(1), si = zeros(1);
        b.batchNormForward(x, null, null, rm, rv, false, 0.1f, 0f, y, sm, si);
        assertValues("(x − 1)/2", y, 1, 2);
        assertValues("running mean untouched", rm, 1);
        assertValues("running var untouched", rv, 4);
        assertValues("saveInvStd", si, 0.5);

        Tensor dx = zeros(2, 1), dg = zeros(1), db = zeros(1);
        b.batchNormBackward(x, f64(b, d(1), 3), sm, si, false, f64(b, d(2, 1), 1, -2), dx, dg, db);
        assertValues("dx = γσ⁻¹·dy", dx, 1.5, -3);
        assertValues("dγ = Σ dy·x̂", dg, 1 - 4);
        assertValues("dβ = Σ dy", db, -1);
    }

    @Test
    void batchNormTrainingBackwardOfTwoSamples() {
        // with two samples x̂ is always ±1, so y does not depend on x at all: dx = 0
        Tensor x = f64(b, d(2, 1), 1, 3), sm = f64(b, d(1), 2), si = f64(b, d(1), 1);
        Tensor dx = zeros(2, 1), dg = zeros(1), db = zeros(1);
        b.batchNormBackward(x, null, sm, si, true, f64(b, d(2, 1), 1, 0), dx, dg, db);
        assertValues("dx", dx, 0, 0);
        assertValues("dγ", dg, -1);
        assertValues("dβ", db, 1);
    }

    @Test
    void maxPoolTakesTheFirstMaximumAndRoutesItsGradient() {
        double[] v = new double[16];
        for (int i = 0; i < 16; i++) {
            v[i] = i;
        }
        Tensor x = f64(b, d(1, 1, 4, 4), v);
        PoolSpec spec = PoolSpec.of(PoolSpec.Kind.MAX, 2, 2);
        Tensor y = zeros(1, 1, 2, 2), dx = zeros(1, 1, 4, 4);
        b.poolForward(spec, x, y);
        assertValues("2×2 max", y, 5, 7, 13, 15);
        b.poolBackward(spec, x, f64(b, d(1, 1, 2, 2), 1, 2, 3, 4), dx);
        assertValues("routed", dx, 0, 0, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0, 3, 0, 4);

        Tensor ties = f64(b, d(1, 1, 2, 2), 1, 1, 1, 1), tdx = zeros(1, 1, 2, 2);
        b.poolBackward(spec, ties, f64(b, d(1, 1, 1, 1), 5), tdx);
        assertValues("a tie goes to the first cell", tdx, 5, 0, 0, 0);
    }

    @Test
    void maxPoolIgnoresPaddingEvenWhenAllValuesAreNegative() {
        Tensor x = f64(b, d(1, 1, 2), -3, -4), y = zeros(1, 1, 3);
        b.poolForward(new PoolSpec(PoolSpec.Kind.MAX, d(2), d(1), d(1)), x, y);
        assertValues("max over [pad, −3], [−3, −4], [−4, pad]", y, -3, -3, -4);
    }

    @Test
    void avgPoolCountsPaddedCells() {
        Tensor ones = f64(b, d(1, 1, 2, 2), 1, 1, 1, 1);
        PoolSpec spec = new PoolSpec(PoolSpec.Kind.AVG, d(3, 3), d(1, 1), d(1, 1));
        Tensor y = zeros(1, 1, 2, 2), dx = zeros(1, 1, 2, 2);
        b.poolForward(spec, ones, y);
        // each padded 3×3 window covers the 4 real cells: 4/9 (count_include_pad)
        assertValues("4/9 everywhere", y, 4 / 9.0, 4 / 9.0, 4 / 9.0, 4 / 9.0);
        b.poolBackward(spec, ones, f64(b, d(1, 1, 2, 2), 1, 1, 1, 1), dx);
        assertValues("each cell is in 4 windows of weight 1/9", dx, 4 / 9.0, 4 / 9.0, 4 / 9.0, 4 / 9.0);

        Tensor y1 = zeros(1, 1, 2);
        b.poolForward(PoolSpec.of(PoolSpec.Kind.AVG, 1, 2), f64(b, d(1, 1, 4), 1, 2, 3, 4), y1);
        assertValues("1-d", y1, 1.5, 3.5);
        Tensor y3 = zeros(1, 1, 1, 1, 1);
        b.poolForward(PoolSpec.of(PoolSpec.Kind.MAX, 3, 2), f64(b, d(1, 1, 2, 2, 2), 1, 8, 3, 4, 5, 6, 7, 2), y3);
        assertValues("3-d max", y3, 8);
    }

    @Test
    void nearestResizeUsesFloorOfDstTimesInOverOut() {
        Tensor y = zeros(1, 1, 4);
        b.resizeForward(ResizeMode.NEAREST, false, f64(b, d(1, 1, 2), 1, 2), y);
        assertValues("×2", y, 1, 1, 2, 2);
        Tensor y5 = zeros(1, 1, 5), y2 = zeros(1, 1, 2);
        b.resizeForward(ResizeMode.NEAREST, false, f64(b, d(1, 1, 3), 1, 2, 3), y5);
        assertValues("3 → 5: src 0 0 1 1 2", y5, 1, 1, 2, 2, 3);
        b.resizeForward(ResizeMode.NEAREST, false, f64(b, d(1, 1, 3), 1, 2, 3), y2);
        assertValues("3 → 2: src 0 1", y2, 1, 2);
        Tensor dx = zeros(1, 1, 2);
        b.resizeBackward(ResizeMode.NEAREST, false, f64(b, d(1, 1, 4), 1, 2, 3, 4), dx);
        assertValues("backward sums the copies", dx, 3, 7);
    }

    @Test
    void linearResizeWithAndWithoutAlignCorners() {
        Tensor x = f64(b, d(1, 1, 2), 0, 4), y = zeros(1, 1, 4);
        b.resizeForward(ResizeMode.LINEAR, false, x, y);
        // src = (dst + ½)·2/4 − ½ clamped at 0: 0, .25, .75, 1.25 (the last clamps to the edge)
        assertValues("half-pixel centres", y, 0, 1, 3, 4);
        b.resizeForward(ResizeMode.LINEAR, true, x, y);
        assertValues("aligned corners", y, 0, 4 / 3.0, 8 / 3.0, 4);

        Tensor down = zeros(1, 1, 2);
        b.resizeForward(ResizeMode.LINEAR, false, f64(b, d(1, 1, 4), 0, 1, 2, 3), down);
        assertValues("4 → 2: src .5, 2.5", down, 0.5, 2.5);
        b.resizeForward(ResizeMode.LINEAR, true, f64(b, d(1, 1, 4), 0, 1, 2, 3), down);
        assertValues("4 → 2 aligned: src 0, 3", down, 0, 3);

        Tensor dx = zeros(1, 1, 2);
        b.resizeBackward(ResizeMode.LINEAR, false, f64(b, d(1, 1, 4), 1, 1, 1, 1), dx);
        assertValues("weights per source cell: 1 + .75 + .25 and .25 + .75 + 1", dx, 2, 2);
    }

    @Test
    void bilinearAndTrilinearWithAlignCorners() {
        Tensor y = zeros(1, 1, 3, 3);
        b.resizeForward(ResizeMode.LINEAR, true, f64(b, d(1, 1, 2, 2), 0, 1, 2, 3), y);
        assertValues("bilinear", y, 0, 0.5, 1, 1, 1.5, 2, 2, 2.5, 3);
        Tensor y3 = zeros(1, 1, 3, 1, 1);
        b.resizeForward(ResizeMode.LINEAR, true, f64(b, d(1, 1, 2, 1, 1), 2, 6), y3);
        assertValues("trilinear along depth", y3, 2, 4, 6);
    }

    @Test
    void float32ResultsAreRoundedOnce() {
        // 1/3 in double, rounded to float once: exactly (float) (1.0 / 3)
        Tensor x = b.fromFloats(Shape.of(1, 1, 3), 0f, 0f, 1f), y = b.zeros(1, 1, 1);
        b.poolForward(PoolSpec.of(PoolSpec.Kind.AVG, 1, 3), x, y);
        assertAllClose("avg in F32", new float[] {(float) (1.0 / 3)}, y.toFloatArray(), 0, 0);
    }
}
