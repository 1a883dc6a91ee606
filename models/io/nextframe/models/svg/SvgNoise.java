package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.Distribution;

import java.util.ArrayList;
import java.util.List;

/**
 * Counter-based N(0, 1) draws for z: one Philox (seed, stream), the counter advancing by the size of each draw, so
 * a seed gives the same ε on every backend and a training run can resume its noise exactly ({@link #counter()}).
 */
public final class SvgNoise {
    private final long seed;
    private final long stream;
    /** One seed per batch row (clip), or null: the whole batch draws from {@link #seed}. */
    private final long[] rowSeeds;
    private long counter;

    public SvgNoise(long seed, long stream) {
        this.seed = seed;
        this.stream = stream;
        this.rowSeeds = null;
    }

    /**
     * Draws for a batch of independent clips: row r comes from Philox ({@code rowSeeds[r]}, stream), its counter
     * advancing by the row's width, so each row receives exactly what {@code new SvgNoise(rowSeeds[r], stream)}
     * gives a batch of that one clip, whatever the other rows are.
     */
    public SvgNoise(long[] rowSeeds, long stream) {
        if (rowSeeds.length == 0) {
            throw new IllegalArgumentException("SvgNoise: no row seeds");
        }
        this.seed = rowSeeds[0];
        this.stream = stream;
        this.rowSeeds = rowSeeds.clone();
    }

    public long counter() {
        return counter;
    }

    public void setCounter(long counter) {
        this.counter = counter;
    }

    /** A fresh (rows, cols) tensor of standard normal draws in the current scope. */
    public Tensor next(Backend be, int rows, int cols) {
        if (rowSeeds != null) {
            return nextPerRow(be, rows, cols);
        }
        Tensor eps = be.zeros(Shape.of(rows, cols));
        be.fillRandom(Distribution.NORMAL, seed, stream, counter, 0f, 1f, eps);
        counter += (long) rows * cols;
        return eps;
    }

    private Tensor nextPerRow(Backend be, int rows, int cols) {
        if (rows != rowSeeds.length) {
            throw new IllegalArgumentException("SvgNoise: a draw of " + rows + " rows from noise seeded for "
                    + rowSeeds.length + " clips");
        }
        List<Tensor> parts = new ArrayList<>(rows);
        for (long s : rowSeeds) {
            Tensor row = be.zeros(Shape.of(1, cols));
            be.fillRandom(Distribution.NORMAL, s, stream, counter, 0f, 1f, row);
            parts.add(row);
        }
        counter += cols;
        return rows == 1 ? parts.getFirst() : be.concat(parts, 0);
    }
}
