package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import java.util.function.DoubleUnaryOperator;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Accuracy of the tier-independent vector math against {@code Math} in double, in ulps, plus special values. */
class VecMathTest {

    /** Largest error in ulps of the float result over {@code n} points spread over [lo, hi] (plus the ends). */
    private static double maxUlps(UnaryOperator<FloatVector> f, DoubleUnaryOperator want, float lo, float hi, int n) {
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (lo + ((double) hi - lo) * i / (n - 1));
        }
        for (int i = 0; i < n; i += Vec.L) {
            var m = Vec.F.indexInRange(i, n);
            f.apply(FloatVector.fromArray(Vec.F, x, i, m)).intoArray(y, i, m);
        }
        double worst = 0;
        for (int i = 0; i < n; i++) {
            double w = want.applyAsDouble(x[i]);
            double ulp = Math.ulp((float) w);
            if (w == 0) {
                ulp = Float.MIN_VALUE;
            }
            worst = Math.max(worst, Math.abs(y[i] - w) / ulp);
        }
        return worst;
    }

    private static void assertUlps(double bound, UnaryOperator<FloatVector> f, DoubleUnaryOperator want, float lo,
                                   float hi, int n) {
        double u = maxUlps(f, want, lo, hi, n);
        assertTrue(u <= bound, "max error " + u + " ulps on [" + lo + ", " + hi + "], allowed " + bound);
    }

    private static float one(UnaryOperator<FloatVector> f, float x) {
        return f.apply(FloatVector.broadcast(Vec.F, x)).lane(0);
    }

    @Test
    void expIsWithinTwoUlpsAndHandlesRangeEnds() {
        assertUlps(2, VecMath::exp, Math::exp, -87f, 88.5f, 100003);
        assertUlps(2, VecMath::exp, Math::exp, -1f, 1f, 10007);
        assertEquals(1f, one(VecMath::exp, 0f));
        assertEquals(Float.POSITIVE_INFINITY, one(VecMath::exp, 100f));
        assertEquals(0f, one(VecMath::exp, -200f));
        assertEquals((float) Math.exp(-100), one(VecMath::exp, -100f), Float.MIN_VALUE * 4); // subnormal result
        assertTrue(Float.isNaN(one(VecMath::exp, Float.NaN)));
        assertEquals(Float.POSITIVE_INFINITY, one(VecMath::exp, Float.POSITIVE_INFINITY));
        assertEquals(0f, one(VecMath::exp, Float.NEGATIVE_INFINITY));
    }

    @Test
    void logIsWithinTwoUlpsAndHandlesSpecialValues() {
        assertUlps(2, VecMath::log, Math::log, 1e-30f, 10f, 100003);
        assertUlps(2, VecMath::log, Math::log, 0.5f, 2f, 100003);
        assertUlps(2, VecMath::log, Math::log, 10f, 3e38f, 100003);
        assertEquals((float) Math.log((double) 1e-42f), one(VecMath::log, 1e-42f), 1e-5f); // subnormal input
        assertEquals(0f, one(VecMath::log, 1f));
        assertEquals(Float.NEGATIVE_INFINITY, one(VecMath::log, 0f));
        assertEquals(Float.POSITIVE_INFINITY, one(VecMath::log, Float.POSITIVE_INFINITY));
        assertTrue(Float.isNaN(one(VecMath::log, -1f)));
        assertTrue(Float.isNaN(one(VecMath::log, Float.NaN)));
    }

    @Test
    void tanhSigmoidLog1pPow() {
        assertUlps(3, VecMath::tanh, Math::tanh, -12f, 12f, 100003);
        assertUlps(2, VecMath::tanh, Math::tanh, -1e-3f, 1e-3f, 10007);
        assertEquals(1f, one(VecMath::tanh, 50f));
        assertEquals(-1f, one(VecMath::tanh, Float.NEGATIVE_INFINITY));
        assertUlps(3, VecMath::sigmoid, v -> 1 / (1 + Math.exp(-v)), -80f, 30f, 100003);
        assertUlps(3, VecMath::log1p, Math::log1p, 0f, 1f, 100003);
        assertUlps(3, VecMath::log1p, Math::log1p, 0f, 1e-6f, 10007);
        assertUlps(3, v -> VecMath.pow(v, 2.5f), v -> Math.pow(v, 2.5), 0f, 30f, 100003);
        assertUlps(30, v -> VecMath.pow(v, 2.3f), v -> Math.pow(v, 2.3f), 0f, 30f, 100003);
        assertUlps(4, v -> VecMath.pow(v, -1.5f), v -> Math.pow(v, -1.5), 0.01f, 30f, 100003);
        assertUlps(3, v -> VecMath.pow(v, 3f), v -> Math.pow(v, 3), -10f, 10f, 100003);
        assertEquals(-8f, one(v -> VecMath.pow(v, 3f), -2f), 1e-5f);
        assertEquals(16f, one(v -> VecMath.pow(v, 4f), -2f), 1e-5f);
        assertTrue(Float.isNaN(one(v -> VecMath.pow(v, 0.3f), -2f)));
        assertEquals(Float.POSITIVE_INFINITY, one(v -> VecMath.pow(v, -1.5f), 0f));
    }
}
