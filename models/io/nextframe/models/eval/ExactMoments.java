package io.nextframe.models.eval;

import java.io.Serial;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Count, sum and sum of squares of a stream of doubles, held exactly. Every finite double is an exact decimal, so
 * {@link BigDecimal} sums and squares lose nothing: the moments do not depend on the order in which values were
 * added, nor on how the stream was split into parts that were later {@link #merge merged}. Derived values (mean,
 * variance) are rounded once at the end, so they are bitwise identical however the work was partitioned.
 * Infinities are counted apart (they have no exact decimal); NaN is refused.
 */
final class ExactMoments implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private long count;
    private long positiveInfinities;
    private long negativeInfinities;
    private BigDecimal sum = BigDecimal.ZERO;
    private BigDecimal sumOfSquares = BigDecimal.ZERO;

    void add(double v, String what) {
        if (Double.isNaN(v)) {
            throw new IllegalArgumentException(what + ": score is NaN");
        }
        count++;
        if (v == Double.POSITIVE_INFINITY) {
            positiveInfinities++;
        } else if (v == Double.NEGATIVE_INFINITY) {
            negativeInfinities++;
        } else {
            BigDecimal b = new BigDecimal(v);
            sum = sum.add(b);
            sumOfSquares = sumOfSquares.add(b.multiply(b));
        }
    }

    void merge(ExactMoments o) {
        count += o.count;
        positiveInfinities += o.positiveInfinities;
        negativeInfinities += o.negativeInfinities;
        sum = sum.add(o.sum);
        sumOfSquares = sumOfSquares.add(o.sumOfSquares);
    }

    long count() {
        return count;
    }

    /** The exact sum of the finite values. */
    BigDecimal finiteSum() {
        return sum;
    }

    /** Infinite values: +1 when only +∞ occurred, −1 when only −∞, 2 when both, 0 when none. */
    int infinities() {
        if (positiveInfinities > 0 && negativeInfinities > 0) {
            return 2;
        }
        return positiveInfinities > 0 ? 1 : negativeInfinities > 0 ? -1 : 0;
    }

    /**
     * The mean: the exact sum divided by n to 34 significant digits, then rounded to double. ±∞ when an infinity
     * occurred (NaN when both signs did); NaN when empty.
     */
    double mean() {
        return mean(sum, count, infinities());
    }

    static double mean(BigDecimal finiteSum, long n, int infinities) {
        if (n == 0 || infinities == 2) {
            return Double.NaN;
        }
        if (infinities != 0) {
            return infinities > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        }
        return finiteSum.divide(BigDecimal.valueOf(n), MathContext.DECIMAL128).doubleValue();
    }

    /**
     * The unbiased sample variance (n − 1 in the denominator), from the exact n·Σx² − (Σx)²; NaN with fewer than
     * two values or with an infinite value.
     */
    double sampleVariance() {
        if (count < 2 || infinities() != 0) {
            return Double.NaN;
        }
        BigDecimal n = BigDecimal.valueOf(count);
        BigDecimal numerator = n.multiply(sumOfSquares).subtract(sum.multiply(sum));
        BigDecimal denominator = n.multiply(BigDecimal.valueOf(count - 1));
        return numerator.divide(denominator, MathContext.DECIMAL128).doubleValue();
    }
}
