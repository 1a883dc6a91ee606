package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import static io.nextframe.simd.Vec.F;

/**
 * exp, log, log1p, tanh, sigmoid and pow on float vectors from IEEE-exact operations only (add, mul, fma, div, compare,
 * bit casts through {@link BitCast}), with the Cephes single-precision polynomials (≈ 1–2 ulp). The Vector API's own
 * {@code lanewise(EXP/LOG/TANH/…)} calls SVML once C2 compiles a loop but falls back to {@code Math} in the interpreter
 * and C1, so the same element changed its last bits when a loop got hot — measured on JDK 25. These give the same bits
 * in every JIT tier, so results stay identical across thread counts, warm-up states and resumed runs.
 */
final class VecMath {
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** 1.5·2²³: adding and subtracting it rounds a float of magnitude < 2²² to the nearest integer. */
    private static final float ROUND = 12582912f;
    private static final float SQRT_HALF = 0.707106781186547524f;

    private VecMath() {
    }

    /**
     * The NaN lanes, as x ≠ x: {@code test(IS_NAN)} views the lanes as ints, which the interpreter does through a
     * heap segment (see {@link BitCast}).
     */
    private static VectorMask<Float> isNan(FloatVector x) {
        return x.compare(VectorOperators.NE, x);
    }

    /** a·b + c, fused. */
    private static FloatVector mad(FloatVector a, FloatVector b, float c) {
        return a.fma(b, FloatVector.broadcast(F, c));
    }

    private static FloatVector mad(FloatVector a, float b, FloatVector c) {
        return a.fma(FloatVector.broadcast(F, b), c);
    }

    /** eˣ; overflow gives +∞, underflow 0 (through the subnormals), NaN stays NaN. */
    static FloatVector exp(FloatVector x) {
        FloatVector xc = x.max(-104f).min(89f);
        FloatVector n = xc.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector r = mad(n, -LN2_HI, xc);
        r = mad(n, -LN2_LO, r);
        FloatVector p = FloatVector.broadcast(F, 1.9875691500e-4f);
        p = mad(p, r, 1.3981999507e-3f);
        p = mad(p, r, 8.3334519073e-3f);
        p = mad(p, r, 4.1665795894e-2f);
        p = mad(p, r, 1.6666665459e-1f);
        p = mad(p, r, 5.0000001201e-1f);
        FloatVector e = p.mul(r.mul(r)).add(r).add(1f);
        // 2ⁿ as two normal factors 2^(n/2)·2^(n − n/2), so n in [−150, 128] needs no subnormal exponent field
        IntVector ni = (IntVector) n.convert(VectorOperators.F2I, 0);
        IntVector n1 = ni.lanewise(VectorOperators.ASHR, 1), n2 = ni.sub(n1);
        FloatVector s1 = BitCast.floats(n1.add(127).lanewise(VectorOperators.LSHL, 23));
        FloatVector s2 = BitCast.floats(n2.add(127).lanewise(VectorOperators.LSHL, 23));
        FloatVector y = e.mul(s1).mul(s2);
        return y.blend(x, isNan(x));
    }

    /** ln x; ln 0 = −∞, ln of a negative number or NaN is NaN, ln +∞ = +∞. */
    static FloatVector log(FloatVector x) {
        // subnormals: scale into the normal range first, remembering the 23 extra powers of two
        VectorMask<Float> tiny = x.compare(VectorOperators.LT, Float.MIN_NORMAL);
        FloatVector xs = x.blend(x.mul(8388608f), tiny);
        IntVector bits = BitCast.bits(xs);
        IntVector ex = bits.lanewise(VectorOperators.LSHR, 23).and(0xff).sub(126);
        // mantissa in [0.5, 1)
        FloatVector m = BitCast.floats(bits.and(0x807fffff).or(0x3f000000));
        FloatVector e = (FloatVector) ex.convert(VectorOperators.I2F, 0);
        e = e.blend(e.sub(23f), tiny);
        VectorMask<Float> small = m.compare(VectorOperators.LT, SQRT_HALF);
        e = e.blend(e.sub(1f), small);
        m = m.blend(m.add(m), small).sub(1f);
        FloatVector r = logReduced(m, e);
        r = r.blend(Float.NEGATIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        r = r.blend(Float.NaN, x.compare(VectorOperators.LT, 0f).or(isNan(x)));
        return r.blend(Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /**
     * ln(m·2ᵉ) for the reduced mantissa m ∈ [√½ − 1, √2 − 1) and exponent e: Cephes' polynomial. A method of its own
     * so that {@link #log} stays under C2's inlining size for hot call sites.
     */
    private static FloatVector logReduced(FloatVector m, FloatVector e) {
        FloatVector z = m.mul(m);
        FloatVector y = FloatVector.broadcast(F, 7.0376836292e-2f);
        y = mad(y, m, -1.1514610310e-1f);
        y = mad(y, m, 1.1676998740e-1f);
        y = mad(y, m, -1.2420140846e-1f);
        y = mad(y, m, 1.4249322787e-1f);
        y = mad(y, m, -1.6668057665e-1f);
        y = mad(y, m, 2.0000714765e-1f);
        y = mad(y, m, -2.4999993993e-1f);
        y = mad(y, m, 3.3333331174e-1f);
        y = y.mul(m).mul(z);
        y = mad(e, LN2_LO, y);
        y = mad(z, -0.5f, y);
        return mad(e, LN2_HI, m.add(y));
    }

    /** ln(1 + u) for u ≥ 0, accurate for tiny u: u·ln(w)/(w − 1) with w = 1 + u (Goldberg's correction). */
    static FloatVector log1p(FloatVector u) {
        FloatVector w = u.add(1f);
        FloatVector lw = log(w);
        FloatVector corrected = u.mul(lw).div(w.sub(1f));
        return corrected.blend(u, w.compare(VectorOperators.EQ, 1f))
                .blend(lw, w.compare(VectorOperators.EQ, Float.POSITIVE_INFINITY));
    }

    /** σ(x) = 1 / (1 + e⁻ˣ). */
    static FloatVector sigmoid(FloatVector x) {
        return FloatVector.broadcast(F, 1f).div(exp(x.neg()).add(1f));
    }

    /** tanh x: an odd polynomial for |x| < 0.625, else 1 − 2/(e^{2|x|} + 1) with x's sign; ±1 beyond |x| > 9. */
    static FloatVector tanh(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector z = x.mul(x);
        FloatVector p = FloatVector.broadcast(F, -5.70498872745e-3f);
        p = mad(p, z, 2.06390887954e-2f);
        p = mad(p, z, -5.37397155531e-2f);
        p = mad(p, z, 1.33314422036e-1f);
        p = mad(p, z, -3.33332819422e-1f);
        FloatVector near = p.mul(z).fma(x, x);
        FloatVector far = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f)
                .div(exp(ax.min(9.5f).mul(2f)).add(1f)));
        far = far.blend(far.neg(), x.compare(VectorOperators.LT, 0f));
        return far.blend(near, ax.compare(VectorOperators.LT, 0.625f)).blend(x, isNan(x));
    }

    /**
     * xᵃ for a scalar exponent, following {@code Math.pow}. Exponents that are multiples of ½ up to 16 in magnitude
     * (x², x³, x^1.5, x^−½, …) use multiplications, a square root and a reciprocal (a few ulps); any other exponent
     * uses exp(a·ln|x|) (≈ 1e-6 relative), with x's sign for negative x and odd integer a, NaN for negative x and
     * non-integer a. Kernels call {@link #simplePower} or {@link #powFromLog} themselves, one per loop.
     */
    static FloatVector pow(FloatVector x, float a) {
        return isSimplePower(a) ? simplePower(x, a) : powFromLog(x, log(x.abs()), a);
    }

    /** Whether {@link #simplePower} handles a: a multiple of ½ with |a| ≤ 16. */
    static boolean isSimplePower(float a) {
        float twice = 2f * a;
        return twice == Math.rint(twice) && Math.abs(a) <= 16f;
    }

    /** xᵃ by products, a square root and a reciprocal, for {@link #isSimplePower} exponents. */
    static FloatVector simplePower(FloatVector x, float a) {
        if (a == 0f) {
            return FloatVector.broadcast(F, 1f);
        }
        int k = (int) Math.abs(a);
        FloatVector r = integerPower(x, k);
        if ((2f * a) % 2 != 0) {
            // x^(k+½): the square root gives NaN for negative x, as Math.pow; √−0 is −0 but 0^(k+½) is +0
            FloatVector root = x.sqrt().blend(0f, x.compare(VectorOperators.EQ, 0f));
            r = k == 0 ? root : r.mul(root);
        }
        return a < 0 ? FloatVector.broadcast(F, 1f).div(r) : r;
    }

    /** xᵃ = exp(a·ln|x|) given lx = ln|x|, with Math.pow's signs and zeros. */
    static FloatVector powFromLog(FloatVector x, FloatVector lx, float a) {
        FloatVector r = exp(lx.mul(a));
        // |x| = 0 → 0 or ∞ by the sign of a
        r = r.blend(a > 0 ? 0f : Float.POSITIVE_INFINITY, x.compare(VectorOperators.EQ, 0f));
        VectorMask<Float> negative = x.compare(VectorOperators.LT, 0f);
        boolean integer = a == Math.rint(a) && !Float.isInfinite(a);
        if (!integer) {
            return r.blend(Float.NaN, negative);
        }
        boolean odd = Math.abs(a) < 1 << 24 && ((long) a & 1) == 1;
        return odd ? r.blend(r.neg(), negative) : r;
    }

    /** xᵏ for 0 ≤ k ≤ 16 by binary powering (a fixed sequence of products). */
    private static FloatVector integerPower(FloatVector x, int k) {
        FloatVector result = FloatVector.broadcast(F, 1f), base = x;
        boolean first = true;
        for (int e = k; e > 0; e >>= 1) {
            if ((e & 1) == 1) {
                result = first ? base : result.mul(base);
                first = false;
            }
            if (e > 1) {
                base = base.mul(base);
            }
        }
        return result;
    }
}
