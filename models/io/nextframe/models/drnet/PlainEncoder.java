package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Activation;
import io.nextframe.layers.BatchNorm;
import io.nextframe.layers.Conv;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;
import io.nextframe.models.svg.SvgEncoder;

import java.util.List;

/**
 * models/dcgan_64.py {@code pose_encoder} / {@code content_encoder}: one Sequential {@code main} of four dcgan_conv
 * blocks (nc → nf → 2nf → 4nf → 8nf, 64² → 4²; keys {@code main.k.main.{0,1}.*}), Conv2d(8nf, dim, 4, 1, 0)
 * ({@code main.4}), BatchNorm ({@code main.5}), Tanh. No skips. With {@code normalize} the output is divided by its
 * L2 norm (PyTorch's {@code F.normalize}, norm clamped below at 1e-12).
 */
final class PlainEncoder extends SvgEncoder {
    private final Sequential main;
    private final boolean normalize;

    PlainEncoder(Backend b, int dim, int nc, int nf, boolean normalize, Rng rng) {
        super(b, dim);
        this.normalize = normalize;
        main = child("main", new Sequential(b, DrnetBlocks.dcganConv(b, nc, nf, rng),
                DrnetBlocks.dcganConv(b, nf, nf * 2, rng), DrnetBlocks.dcganConv(b, nf * 2, nf * 4, rng),
                DrnetBlocks.dcganConv(b, nf * 4, nf * 8, rng), Conv.conv2d(b, nf * 8, dim, 4, 1, 0, rng),
                new BatchNorm(b, dim), Activation.tanh(b)));
    }

    @Override
    public Encoded encode(Var x) {
        Var h = F.reshape(main.forward(x), x.dim(0), dim);
        return new Encoded(normalize ? DrnetBlocks.unitNorm(h) : h, List.of());
    }
}
