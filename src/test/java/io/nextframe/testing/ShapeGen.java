package io.nextframe.testing;

import java.util.Random;

/** Seeded random geometry for op cases: small sizes, odd ones and 1s included on purpose. */
public final class ShapeGen {
    private final Random rnd;

    public ShapeGen(long seed) {
        this.rnd = new Random(seed);
    }

    /** Uniform in [lo, hi]. */
    public int between(int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }

    public boolean coin() {
        return rnd.nextBoolean();
    }

    @SafeVarargs
    public final <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }

    public int pickInt(int... options) {
        return options[rnd.nextInt(options.length)];
    }

    public float pickFloat(float... options) {
        return options[rnd.nextInt(options.length)];
    }

    /** A size that is sometimes 1, often odd, and never a multiple of 16 beyond the first. */
    public int size(int max) {
        int s = rnd.nextInt(4) == 0 ? 1 : between(2, max);
        return s % 16 == 0 ? s - 1 : s;
    }

    public int[] sizes(int n, int max) {
        int[] d = new int[n];
        for (int i = 0; i < n; i++) {
            d[i] = size(max);
        }
        return d;
    }
}
