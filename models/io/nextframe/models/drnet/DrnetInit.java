package io.nextframe.models.drnet;

import io.nextframe.layers.BatchNorm;
import io.nextframe.layers.Conv;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Init;
import io.nextframe.layers.Module;
import io.nextframe.layers.Parameter;
import io.nextframe.layers.Rng;

/**
 * utils.init_weights of the authors' code, applied by train_drnet.py to netEC, netEP, netD and netC: convolution
 * weights (plain and transposed) N(0, 0.02) with zero bias; BatchNorm weight N(1, 0.02) with zero bias. Linear
 * layers and LSTM cells keep PyTorch's defaults (their class names contain neither "Conv" nor "BatchNorm").
 */
final class DrnetInit {
    private DrnetInit() {
    }

    static void apply(Module root, Rng rng) {
        for (Module m : root.namedModules().values()) {
            switch (m) {
                case Conv c -> dcgan(c.weight(), c.bias(), 0, rng);
                case ConvTranspose c -> dcgan(c.weight(), c.bias(), 0, rng);
                case BatchNorm n when n.weight() != null -> dcgan(n.weight(), n.bias(), 1, rng);
                default -> {
                }
            }
        }
    }

    private static void dcgan(Parameter w, Parameter b, double mean, Rng rng) {
        Init.normal(w.value(), mean, 0.02, rng);
        if (b != null) {
            Init.zeros(b.value());
        }
    }
}
