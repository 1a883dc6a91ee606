package io.nextframe.layers;

/**
 * Whole-model re-initialisations, as the authors' {@code model.apply(init_weights)}: each visits every module and
 * re-draws the weights of the kinds it knows, in module order.
 */
public final class Initializers {

    private Initializers() {
    }

    /**
     * The DCGAN / SVG scheme: conv, transposed conv and linear weights N(0, 0.02), their biases 0; batch-norm
     * weights N(1, 0.02), biases 0. LSTM cells keep their PyTorch default.
     */
    public static void dcgan(Module root, Rng rng) {
        for (Module m : root.namedModules().values()) {
            switch (m) {
                case Conv c -> weightAndZeroBias(c.weight(), c.bias(), rng);
                case ConvTranspose c -> weightAndZeroBias(c.weight(), c.bias(), rng);
                case Linear l -> weightAndZeroBias(l.weight(), l.bias(), rng);
                case BatchNorm bn -> {
                    if (bn.weight() != null) {
                        Init.normal(bn.weight().value(), 1.0, 0.02, rng);
                        Init.zeros(bn.bias().value());
                    }
                }
                default -> { }
            }
        }
    }

    /** DFN's scheme: He-uniform conv weights, zero biases. */
    public static void heUniform(Module root, Rng rng) {
        for (Module m : root.namedModules().values()) {
            if (m instanceof Conv c) {
                Init.heUniform(c.weight().value(), rng);
                if (c.bias() != null) {
                    Init.zeros(c.bias().value());
                }
            }
        }
    }

    private static void weightAndZeroBias(Parameter w, Parameter b, Rng rng) {
        Init.normal(w.value(), 0.0, 0.02, rng);
        if (b != null) {
            Init.zeros(b.value());
        }
    }
}
