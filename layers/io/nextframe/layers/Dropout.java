package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.Distribution;
import io.nextframe.core.ops.UnaryOp;

/**
 * Inverted dropout, elementwise or spatial (nn.Dropout2d/3d: whole channels dropped, one draw per (n, c)). The
 * masks come from the counter-based generator on a stream reserved at construction; each call advances the
 * counter past the draws it used, so a run is reproducible on every backend from the seed alone.
 */
public final class Dropout extends Block implements RandomCounter {
    private final float p;
    private final boolean spatial;
    private final long seed;
    private final long stream;
    private long counter;

    public Dropout(Backend backend, float p, boolean spatial, Rng rng) {
        super(backend);
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("Dropout: probability " + p + " must be in [0, 1)");
        }
        this.p = p;
        this.spatial = spatial;
        this.seed = rng.seed();
        this.stream = rng.newStream();
    }

    public Dropout(Backend backend, float p, Rng rng) {
        this(backend, p, false, rng);
    }

    /** The counter of the next draw (saved with a checkpoint to resume the same mask sequence). */
    @Override
    public long counter() {
        return counter;
    }

    @Override
    public void setCounter(long counter) {
        this.counter = counter;
    }

    @Override
    public Var forward(Var x) {
        if (!isTraining() || p == 0f) {
            return x;
        }
        if (!spatial) {
            Var y = F.dropout(x, p, true, seed, stream, counter);
            counter += x.value().size();
            return y;
        }
        if (x.rank() < 3) {
            throw new IllegalArgumentException("spatial Dropout: input " + x.shape() + ", expected (N, C, …)");
        }
        int[] dims = new int[x.rank()];
        java.util.Arrays.fill(dims, 1);
        dims[0] = x.dim(0);
        dims[1] = x.dim(1);
        Tensor u = backend.zeros(x.dtype(), Shape.of(dims));
        backend.fillRandom(Distribution.UNIFORM, seed, stream, counter, 0f, 1f, u);
        counter += u.size();
        Tensor keep = backend.unary(UnaryOp.GREATER_THAN, p, 0f, u);
        backend.unary(UnaryOp.AFFINE, 1f / (1f - p), 0f, keep, u);
        return F.mul(x, Var.constant(u));
    }
}
