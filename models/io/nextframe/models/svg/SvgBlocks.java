package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Activation;
import io.nextframe.layers.BatchNorm;
import io.nextframe.layers.Block;
import io.nextframe.layers.Conv;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;

/** The authors' building blocks, each a module with one child {@code main} so that keys read {@code main.0.weight}. */
final class SvgBlocks {
    private SvgBlocks() {
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

    /** vgg_layer: Conv2d(3, 1, 1) + BN + LeakyReLU(0.2). */
    static Main vggLayer(Backend b, int nin, int nout, Rng rng) {
        return new Main(b, Conv.conv2d(b, nin, nout, 3, 1, 1, rng), new BatchNorm(b, nout),
                Activation.leakyRelu(b, 0.2f));
    }

    /** The 4×4 valid convolution to dim + BN + Tanh that ends both encoders (keys c5.0, c5.1). */
    static Sequential head(Backend b, int in, int dim, Rng rng) {
        return new Sequential(b, Conv.conv2d(b, in, dim, 4, 1, 0, rng), new BatchNorm(b, dim), Activation.tanh(b));
    }

    /** The ConvTranspose2d(dim, out, 4, 1, 0) + BN + LeakyReLU that starts both decoders (keys upc1.0, upc1.1). */
    static Sequential stem(Backend b, int dim, int out, Rng rng) {
        return new Sequential(b, ConvTranspose.convTranspose2d(b, dim, out, 4, 1, 0, rng), new BatchNorm(b, out),
                Activation.leakyRelu(b, 0.2f));
    }
}
