package io.nextframe.data;

import io.nextframe.core.Philox;

/**
 * The random numbers of one generated sequence: word k of Philox(seed, stream) for k = 0, 1, 2, …, where a
 * generator passes the sequence index as the stream. Sequence i therefore depends only on (seed, i), never on
 * how many sequences were drawn before or on which thread drew them.
 *
 * <p>Integers are drawn without bias by rejection (Lemire's multiply-shift), doubles from 53 bits of two words.
 * Not thread-safe: one instance per sequence.
 */
public final class SequenceRandom {
    private final long seed;
    private final long stream;
    private final int[] block = new int[4];
    private long nextBlock;
    private int used = 4;

    public SequenceRandom(long seed, long stream) {
        this.seed = seed;
        this.stream = stream;
    }

    /** Mixes a dataset seed with a constant that names the generator, so two generators with one seed differ. */
    public static long derive(long seed, long salt) {
        long z = seed ^ (salt * 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The next 32 random bits. */
    public int nextWord() {
        if (used == 4) {
            Philox.block(seed, stream, nextBlock++, block);
            used = 0;
        }
        return block[used++];
    }

    /** Uniform integer in [0, bound). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("nextInt: bound must be positive, got " + bound);
        }
        long m = (nextWord() & 0xFFFFFFFFL) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x100000000L - bound) % bound;
            while (low < threshold) {
                m = (nextWord() & 0xFFFFFFFFL) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    /** Uniform integer in [lo, hi], both inclusive. */
    public int nextInt(int lo, int hi) {
        return lo + nextInt(hi - lo + 1);
    }

    /** Uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        long hi = nextWord() >>> 6 & 0x3FFFFFFL;
        long lo = nextWord() >>> 5 & 0x7FFFFFFL;
        return ((hi << 27) | lo) * 0x1p-53;
    }

    /** Standard normal (Box–Muller on two fresh doubles; the second value is discarded to stay stateless). */
    public double nextGaussian() {
        double u1 = 1.0 - nextDouble();
        double u2 = nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }

    /** An index drawn with probability proportional to {@code weights[i]} (non-negative, not all zero). */
    public int nextWeighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = nextDouble() * total;
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                last = i;
                if (u < weights[i]) {
                    return i;
                }
                u -= weights[i];
            }
        }
        if (last < 0) {
            throw new IllegalArgumentException("nextWeighted: all weights are zero");
        }
        return last;
    }
}
