package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Activation;
import io.nextframe.layers.BatchNorm;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;
import io.nextframe.models.svg.SvgDecoder;

import java.util.List;

/**
 * models/dcgan_64.py {@code decoder}: one Sequential {@code main}: ConvTranspose2d(content + pose, 8nf, 4, 1, 0)
 * ({@code main.0}), BN ({@code main.1}), LeakyReLU(0.2), three dcgan_upconv blocks ({@code main.3} … {@code main.5}),
 * ConvTranspose2d(nf, nc, 4, 2, 1) ({@code main.6}), Sigmoid. Ignores skips.
 */
final class PlainDecoder extends SvgDecoder {
    private final Sequential main;

    PlainDecoder(Backend b, int dim, int nc, int nf, Rng rng) {
        super(b, dim);
        main = child("main", new Sequential(b, ConvTranspose.convTranspose2d(b, dim, nf * 8, 4, 1, 0, rng),
                new BatchNorm(b, nf * 8), Activation.leakyRelu(b, 0.2f),
                DrnetBlocks.dcganUpconv(b, nf * 8, nf * 4, rng),
                DrnetBlocks.dcganUpconv(b, nf * 4, nf * 2, rng), DrnetBlocks.dcganUpconv(b, nf * 2, nf, rng),
                ConvTranspose.convTranspose2d(b, nf, nc, 4, 2, 1, rng), Activation.sigmoid(b)));
    }

    @Override
    public Var decode(Var vec, List<Var> skips) {
        return main.forward(F.reshape(vec, vec.dim(0), dim, 1, 1));
    }
}
