package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;

import java.util.ArrayList;
import java.util.List;

/** SVG's DCGAN-64 encoder/decoder and LSTMs assembled from the layers, with the authors' state-dict keys. */
final class SvgNets {
    private SvgNets() {
    }

    /** dcgan_conv: main = [Conv(4, 2, 1), BN, LReLU(0.2)]. */
    static final class DcganConv extends Block {
        final Sequential main;

        DcganConv(Backend b, int nin, int nout, Rng rng) {
            super(b);
            main = child("main", new Sequential(b, Conv.conv2d(b, nin, nout, 4, 2, 1, rng), new BatchNorm(b, nout),
                    Activation.leakyRelu(b, 0.2f)));
        }

        @Override
        public Var forward(Var x) {
            return main.forward(x);
        }
    }

    /** dcgan_upconv: main = [ConvT(4, 2, 1), BN, LReLU(0.2)]. */
    static final class DcganUpconv extends Block {
        final Sequential main;

        DcganUpconv(Backend b, int nin, int nout, Rng rng) {
            super(b);
            main = child("main", new Sequential(b, ConvTranspose.convTranspose2d(b, nin, nout, 4, 2, 1, rng),
                    new BatchNorm(b, nout), Activation.leakyRelu(b, 0.2f)));
        }

        @Override
        public Var forward(Var x) {
            return main.forward(x);
        }
    }

    static final class Encoder extends Module {
        final List<Block> convs = new ArrayList<>();
        final Sequential c5;

        Encoder(Backend b, int dim, int nc, int nf, Rng rng) {
            super(b);
            convs.add(child("c1", new DcganConv(b, nc, nf, rng)));
            convs.add(child("c2", new DcganConv(b, nf, nf * 2, rng)));
            convs.add(child("c3", new DcganConv(b, nf * 2, nf * 4, rng)));
            convs.add(child("c4", new DcganConv(b, nf * 4, nf * 8, rng)));
            c5 = child("c5", new Sequential(b, Conv.conv2d(b, nf * 8, dim, 4, 1, 0, rng), new BatchNorm(b, dim),
                    Activation.tanh(b)));
        }

        /** (h5 as (B, dim), skips h1…h4). */
        List<Var> forward(Var x) {
            List<Var> out = new ArrayList<>();
            Var h = x;
            for (Block c : convs) {
                h = c.forward(h);
                out.add(h);
            }
            out.addFirst(F.reshape(c5.forward(h), x.dim(0), -1));
            return out;
        }
    }

    static final class Decoder extends Module {
        final Sequential upc1;
        final List<Block> ups = new ArrayList<>();
        final Sequential upc5;
        final int dim;

        Decoder(Backend b, int dim, int nc, int nf, Rng rng) {
            super(b);
            this.dim = dim;
            upc1 = child("upc1", new Sequential(b, ConvTranspose.convTranspose2d(b, dim, nf * 8, 4, 1, 0, rng),
                    new BatchNorm(b, nf * 8), Activation.leakyRelu(b, 0.2f)));
            ups.add(child("upc2", new DcganUpconv(b, nf * 8 * 2, nf * 4, rng)));
            ups.add(child("upc3", new DcganUpconv(b, nf * 4 * 2, nf * 2, rng)));
            ups.add(child("upc4", new DcganUpconv(b, nf * 2 * 2, nf, rng)));
            upc5 = child("upc5", new Sequential(b, ConvTranspose.convTranspose2d(b, nf * 2, nc, 4, 2, 1, rng),
                    Activation.sigmoid(b)));
        }

        /** encoded = (vec, h1, h2, h3, h4) as the encoder returns. */
        Var forward(List<Var> encoded) {
            Var vec = encoded.getFirst();
            Var d = upc1.forward(F.reshape(vec, vec.dim(0), dim, 1, 1));
            for (int i = 0; i < ups.size(); i++) {
                d = ups.get(i).forward(F.concat(List.of(d, encoded.get(4 - i)), 1));
            }
            return upc5.forward(F.concat(List.of(d, encoded.get(1)), 1));
        }
    }

    /** lstm(in, out, H, n): embed, stacked cells, output Linear + Tanh. */
    static final class Lstm extends Module {
        final Linear embed;
        final LstmStack lstm;
        final Sequential output;

        Lstm(Backend b, int in, int out, int hidden, int layers, Rng rng) {
            super(b);
            embed = child("embed", new Linear(b, in, hidden, rng));
            lstm = child("lstm", new LstmStack(b, hidden, hidden, layers, rng));
            output = child("output", new Sequential(b, new Linear(b, hidden, out, rng), Activation.tanh(b)));
        }

        Var step(Var x, List<LstmState>[] state) {
            state[0] = lstm.forward(embed.forward(x), state[0]);
            return output.forward(state[0].getLast().h());
        }
    }

    /** gaussian_lstm(in, out, H, n): embed, cells, mu_net, logvar_net. */
    static final class GaussianLstm extends Module {
        GaussianLstm(Backend b, int in, int out, int hidden, int layers, Rng rng) {
            super(b);
            child("embed", new Linear(b, in, hidden, rng));
            child("lstm", new LstmStack(b, hidden, hidden, layers, rng));
            child("mu_net", new Linear(b, hidden, out, rng));
            child("logvar_net", new Linear(b, hidden, out, rng));
        }
    }
}
