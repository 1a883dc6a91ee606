package io.nextframe.layers;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.Distribution;

/**
 * A source of counter-based random draws for initialisers, dropout masks and samplers: one seed, and a new Philox
 * stream for every tensor drawn, taken in construction order. Because every backend implements the same generator
 * ({@code Backend.fillRandom}), the same seed and the same construction order give the same weights everywhere.
 */
public final class Rng {
    private final long seed;
    private long nextStream;

    public Rng(long seed) {
        this(seed, 0);
    }

    public Rng(long seed, long firstStream) {
        this.seed = seed;
        this.nextStream = firstStream;
    }

    public long seed() {
        return seed;
    }

    /** Reserves a stream of its own (for a layer that draws again at every call, such as dropout). */
    public long newStream() {
        return nextStream++;
    }

    /** Fills t with U[lo, hi) draws of a fresh stream. */
    public void uniform(Tensor t, double lo, double hi) {
        t.backend().fillRandom(Distribution.UNIFORM, seed, newStream(), 0, (float) lo, (float) hi, t);
    }

    /** Fills t with N(mean, std²) draws of a fresh stream. */
    public void normal(Tensor t, double mean, double std) {
        t.backend().fillRandom(Distribution.NORMAL, seed, newStream(), 0, (float) mean, (float) std, t);
    }
}
