package io.nextframe.core;

/**
 * Philox4x32-10, the counter-based generator of Salmon et al. (SC'11). A random number depends only on
 * (seed, stream, index), so every backend, thread count and batch position draws the same values.
 *
 * <p>Layout, shared by every backend (the OpenCL kernel mirrors it):
 * key = (low 32 bits of seed, high 32 bits of seed); counter = (low, high 32 bits of the block number,
 * low, high 32 bits of the stream). One block gives four 32-bit words.
 * <ul>
 *   <li>uniform element i: word i mod 4 of block i / 4, as (w &gt;&gt;&gt; 8)·2⁻²⁴ ∈ [0, 1);</li>
 *   <li>normal element i: block i / 2, words (2p, 2p+1) with p = i mod 2, Box–Muller in double precision,
 *       u1 = ((w₀ &gt;&gt;&gt; 8) + 1)·2⁻²⁴ ∈ (0, 1], u2 = (w₁ &gt;&gt;&gt; 8)·2⁻²⁴, n = √(−2 ln u1)·cos(2π u2).</li>
 * </ul>
 */
public final class Philox {
    private static final int M0 = 0xD2511F53;
    private static final int M1 = 0xCD9E8D57;
    private static final int W0 = 0x9E3779B9;
    private static final int W1 = 0xBB67AE85;

    private Philox() {
    }

    /** Writes the four words of block {@code block} of ({@code seed}, {@code stream}) into {@code out}. */
    public static void block(long seed, long stream, long block, int[] out) {
        int c0 = (int) block, c1 = (int) (block >>> 32), c2 = (int) stream, c3 = (int) (stream >>> 32);
        int k0 = (int) seed, k1 = (int) (seed >>> 32);
        for (int round = 0; round < 10; round++) {
            long p0 = (M0 & 0xFFFFFFFFL) * (c0 & 0xFFFFFFFFL);
            long p1 = (M1 & 0xFFFFFFFFL) * (c2 & 0xFFFFFFFFL);
            int hi0 = (int) (p0 >>> 32), lo0 = (int) p0;
            int hi1 = (int) (p1 >>> 32), lo1 = (int) p1;
            int n0 = hi1 ^ c1 ^ k0;
            int n2 = hi0 ^ c3 ^ k1;
            c0 = n0;
            c1 = lo1;
            c2 = n2;
            c3 = lo0;
            k0 += W0;
            k1 += W1;
        }
        out[0] = c0;
        out[1] = c1;
        out[2] = c2;
        out[3] = c3;
    }

    /** Uniform number in [0, 1) at {@code index} of ({@code seed}, {@code stream}). */
    public static float uniform(long seed, long stream, long index) {
        int[] w = new int[4];
        block(seed, stream, index >>> 2, w);
        return toUnit(w[(int) (index & 3)]);
    }

    /** Standard normal number at {@code index} of ({@code seed}, {@code stream}). */
    public static float normal(long seed, long stream, long index) {
        int[] w = new int[4];
        block(seed, stream, index >>> 1, w);
        int p = (int) (index & 1) * 2;
        return boxMuller(w[p], w[p + 1]);
    }

    /** Maps a word to [0, 1) with 24 bits. */
    public static float toUnit(int word) {
        return (word >>> 8) * 0x1p-24f;
    }

    /** Box–Muller on two words, in double precision, rounded once to float. */
    public static float boxMuller(int w0, int w1) {
        double u1 = ((w0 >>> 8) + 1) * 0x1p-24;
        double u2 = (w1 >>> 8) * 0x1p-24;
        return (float) (StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2));
    }

    /**
     * Fills {@code out[i]} with element {@code first + i} of the distribution, the reference every backend matches.
     * UNIFORM: a + (b − a)·u; NORMAL: a + b·n.
     */
    public static void fill(io.nextframe.core.ops.Distribution d, long seed, long stream, long first, float a, float b,
                            float[] out) {
        int[] w = new int[4];
        for (int i = 0; i < out.length; i++) {
            long idx = first + i;
            if (d == io.nextframe.core.ops.Distribution.UNIFORM) {
                block(seed, stream, idx >>> 2, w);
                out[i] = a + (b - a) * toUnit(w[(int) (idx & 3)]);
            } else {
                block(seed, stream, idx >>> 1, w);
                int p = (int) (idx & 1) * 2;
                out[i] = a + b * boxMuller(w[p], w[p + 1]);
            }
        }
    }
}
