package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.Distribution;

/**
 * The reparameterisation trick: z = μ + exp(½·logvar)·ε with ε ~ N(0, I) from the counter-based generator on a
 * stream reserved at construction (the counter advances per draw). It samples in every mode, as SVG's
 * gaussian_lstm does, and is differentiable in μ and logvar.
 */
public final class GaussianSampler extends Module implements RandomCounter {
    private final long seed;
    private final long stream;
    private long counter;

    public GaussianSampler(Backend backend, Rng rng) {
        super(backend);
        this.seed = rng.seed();
        this.stream = rng.newStream();
    }

    @Override
    public long counter() {
        return counter;
    }

    @Override
    public void setCounter(long counter) {
        this.counter = counter;
    }

    public Var forward(Var mu, Var logvar) {
        if (!mu.shape().equals(logvar.shape())) {
            throw new IllegalArgumentException("GaussianSampler: mu " + mu.shape() + " and logvar "
                    + logvar.shape() + " differ");
        }
        Tensor eps = backend.zerosLike(mu.value());
        backend.fillRandom(Distribution.NORMAL, seed, stream, counter, 0f, 1f, eps);
        counter += eps.size();
        return F.add(mu, F.mul(F.exp(F.scale(logvar, 0.5f)), Var.constant(eps)));
    }
}
