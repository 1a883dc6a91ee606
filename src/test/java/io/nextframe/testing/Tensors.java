package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;

import java.util.Arrays;
import java.util.Random;

/** Host-side helpers for tests: seeded random data, uploads, dot products and allclose with a useful message. */
public final class Tensors {
    private Tensors() {
    }

    /** n values uniform in [lo, hi). */
    public static float[] uniform(Random rnd, int n, double lo, double hi) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        }
        return v;
    }

    /** n values uniform in [lo, hi), as doubles (for F64 tensors). */
    public static double[] uniformDoubles(Random rnd, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * rnd.nextDouble();
        }
        return v;
    }

    /** n small integers in [0, levels), as floats: inputs on which comparisons and ties are meaningful. */
    public static float[] levels(Random rnd, int n, int levels) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(levels);
        }
        return v;
    }

    /** A new F32 tensor of the given dims with values uniform in [−1, 1). */
    public static Tensor random(Backend b, Random rnd, int... dims) {
        return randomIn(b, rnd, -1, 1, dims);
    }

    /** A new F32 tensor with values uniform in [lo, hi) (named apart from random(...) so ints never mix up). */
    public static Tensor randomIn(Backend b, Random rnd, double lo, double hi, int... dims) {
        Shape s = Shape.of(dims);
        return b.fromFloats(s, uniform(rnd, Math.toIntExact(s.size()), lo, hi));
    }

    /** A new F64 tensor with values uniform in [−1, 1). */
    public static Tensor randomF64(Backend b, Random rnd, int... dims) {
        Shape s = Shape.of(dims);
        return b.fromDoubles(s, uniformDoubles(rnd, Math.toIntExact(s.size()), -1, 1));
    }

    /** A new F64 tensor holding exactly {@code values} (row-major). */
    public static Tensor f64(Backend b, int[] dims, double... values) {
        return b.fromDoubles(Shape.of(dims), values);
    }

    /** A new F32 tensor holding {@code values} (row-major). */
    public static Tensor f32(Backend b, int[] dims, float... values) {
        return b.fromFloats(Shape.of(dims), values);
    }

    /** Asserts t holds {@code expected} (row-major) to 1e-12 relative, for hand-computed examples in F64. */
    public static void assertValues(String what, Tensor t, double... expected) {
        assertAllClose(what, expected, t.toDoubleArray(), 1e-12, 1e-12);
    }

    /** A zero tensor of the given dtype and dims. */
    public static Tensor zeros(Backend b, DType dtype, int... dims) {
        return b.zeros(dtype, Shape.of(dims));
    }

    public static double dot(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dot of " + a.length + " and " + b.length + " values");
        }
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** ⟨a, b⟩ of two tensors of one shape, in double. */
    public static double dot(Tensor a, Tensor b) {
        return dot(a.toDoubleArray(), b.toDoubleArray());
    }

    public static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * Asserts |actual − expected| ≤ rtol·|expected| + atol elementwise (NaN only matches NaN). The failure message
     * names the worst element (by excess over its tolerance), both values, and how many elements failed.
     */
    public static void assertAllClose(String what, float[] expected, float[] actual, double rtol, double atol) {
        assertAllClose(what, toDoubles(expected), toDoubles(actual), rtol, atol);
    }

    public static void assertAllClose(String what, double[] expected, double[] actual, double rtol, double atol) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": expected " + expected.length + " values, got " + actual.length);
        }
        int worst = -1, failed = 0;
        double worstExcess = 0;
        for (int i = 0; i < expected.length; i++) {
            double e = expected[i], a = actual[i];
            double excess;
            if (Double.isNaN(e) || Double.isNaN(a) || Double.isInfinite(e) || Double.isInfinite(a)) {
                excess = Double.compare(e, a) == 0 ? 0 : Double.POSITIVE_INFINITY;
            } else {
                excess = Math.abs(a - e) - (rtol * Math.abs(e) + atol);
            }
            if (excess > 0) {
                failed++;
                if (worst < 0 || excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (worst >= 0) {
            throw new AssertionError(String.format(
                    "%s: %d of %d values differ; worst at index %d: expected %s, actual %s (|diff| %.3g, allowed %.3g"
                            + " = rtol %.1g·|expected| + atol %.3g)",
                    what, failed, expected.length, worst, expected[worst], actual[worst],
                    Math.abs(actual[worst] - expected[worst]), rtol * Math.abs(expected[worst]) + atol, rtol, atol));
        }
    }

    /** Largest absolute value (0 for an empty array); scales absolute tolerances. */
    public static double maxAbs(float[] v) {
        double m = 0;
        for (float f : v) {
            if (Float.isFinite(f)) {
                m = Math.max(m, Math.abs(f));
            }
        }
        return m;
    }

    public static String dims(int... d) {
        return Arrays.toString(d).replace(" ", "");
    }
}
