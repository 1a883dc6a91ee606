package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.Distribution;

/**
 * Counter-based N(0, 1) draws for z: one Philox (seed, stream), the counter advancing by the size of each draw, so
 * a seed gives the same ε on every backend and a training run can resume its noise exactly ({@link #counter()}).
 */
public final class SvgNoise {
    private final long seed;
    private final long stream;
    private long counter;

    public SvgNoise(long seed, long stream) {
        this.seed = seed;
        this.stream = stream;
    }

    public long counter() {
        return counter;
    }

    public void setCounter(long counter) {
        this.counter = counter;
    }

    /** A fresh (rows, cols) tensor of standard normal draws in the current scope. */
    public Tensor next(Backend be, int rows, int cols) {
        Tensor eps = be.zeros(Shape.of(rows, cols));
        be.fillRandom(Distribution.NORMAL, seed, stream, counter, 0f, 1f, eps);
        counter += (long) rows * cols;
        return eps;
    }
}
