package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Activation;
import io.nextframe.layers.BatchNorm;
import io.nextframe.layers.Block;
import io.nextframe.layers.Conv;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;

/** models/dcgan_64.py's blocks, each a module with one child {@code main} so that keys read {@code main.0.weight}. */
final class DrnetBlocks {
    private DrnetBlocks() {
    }

    /** A block whose only child is the Sequential {@code main}. */
    static final class Main extends Block {
        private final Sequential main;

        Main(Backend b, Block... layers) {
            super(b);
            main = child("main", new Sequential(b, layers));
        }

        @Override
        public Var forward(Var x) {
            return main.forward(x);
        }
    }

    /** PyTorch's {@code F.normalize(h, p=2)} on (B, D): each row divided by max(‖row‖, 1e-12). */
    static Var unitNorm(Var h) {
        Var norm = F.sqrt(F.sum(F.square(h), true, 1));
        return F.div(h, F.clamp(norm, 1e-12f, Float.MAX_VALUE));
    }

    /** dcgan_conv: Conv2d(4, 2, 1) + BN + LeakyReLU(0.2), halves H and W. */
    static Main dcganConv(Backend b, int nin, int nout, Rng rng) {
        return new Main(b, Conv.conv2d(b, nin, nout, 4, 2, 1, rng), new BatchNorm(b, nout),
                Activation.leakyRelu(b, 0.2f));
    }

    /** dcgan_upconv: ConvTranspose2d(4, 2, 1) + BN + LeakyReLU(0.2), doubles H and W. */
    static Main dcganUpconv(Backend b, int nin, int nout, Rng rng) {
        return new Main(b, ConvTranspose.convTranspose2d(b, nin, nout, 4, 2, 1, rng), new BatchNorm(b, nout),
                Activation.leakyRelu(b, 0.2f));
    }
}
