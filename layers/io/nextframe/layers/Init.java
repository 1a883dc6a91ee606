package io.nextframe.layers;

import io.nextframe.core.Tensor;

/**
 * Weight initialisers, all drawn from {@link Rng} (the counter-based generator) so a seed gives the same weights on
 * every backend. Fan-in follows PyTorch: dim 1 times the receptive field (for transposed convolutions, whose
 * weights are (in, out/g, k…), that is out/g·Πk, as torch.nn.init computes it).
 */
public final class Init {

    private Init() {
    }

    /** size(1) · Π size(2…), PyTorch's _calculate_fan_in_and_fan_out fan-in. */
    public static long fanIn(Tensor w) {
        if (w.rank() < 2) {
            throw new IllegalArgumentException("fanIn: weight " + w.shape() + " needs rank ≥ 2");
        }
        long f = w.dim(1);
        for (int i = 2; i < w.rank(); i++) {
            f *= w.dim(i);
        }
        return f;
    }

    /** PyTorch's default for conv and linear weights: kaiming_uniform_(a=√5), i.e. U(±1/√fan_in). */
    public static void torchDefaultWeight(Tensor w, Rng rng) {
        double bound = Math.sqrt(6.0 / ((1 + 5.0) * fanIn(w)));
        rng.uniform(w, -bound, bound);
    }

    /** PyTorch's default bias: U(±1/√fan_in) with the weight's fan-in. */
    public static void torchDefaultBias(Tensor b, long fanIn, Rng rng) {
        double bound = fanIn > 0 ? 1.0 / Math.sqrt(fanIn) : 0;
        rng.uniform(b, -bound, bound);
    }

    /** He-uniform as Lasagne's HeUniform (DFN): U(±√(6/fan_in)), gain √2. */
    public static void heUniform(Tensor w, Rng rng) {
        double bound = Math.sqrt(6.0 / fanIn(w));
        rng.uniform(w, -bound, bound);
    }

    public static void normal(Tensor t, double mean, double std, Rng rng) {
        rng.normal(t, mean, std);
    }

    public static void uniform(Tensor t, double lo, double hi, Rng rng) {
        rng.uniform(t, lo, hi);
    }

    public static void zeros(Tensor t) {
        t.backend().fill(t, 0f);
    }

    public static void constant(Tensor t, float v) {
        t.backend().fill(t, v);
    }
}
