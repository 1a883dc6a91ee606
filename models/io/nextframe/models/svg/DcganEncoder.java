package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Block;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * models/dcgan_64.py encoder: c1…c4 dcgan_conv (nc→nf→2nf→4nf→8nf, 64²→4²), c5 4×4 conv to dim + BN + Tanh.
 */
public final class DcganEncoder extends SvgEncoder {
    private final List<Block> convs = new ArrayList<>();
    private final Sequential c5;

    public DcganEncoder(Backend b, int dim, int nc, int nf, Rng rng) {
        super(b, dim);
        convs.add(child("c1", SvgBlocks.dcganConv(b, nc, nf, rng)));
        convs.add(child("c2", SvgBlocks.dcganConv(b, nf, nf * 2, rng)));
        convs.add(child("c3", SvgBlocks.dcganConv(b, nf * 2, nf * 4, rng)));
        convs.add(child("c4", SvgBlocks.dcganConv(b, nf * 4, nf * 8, rng)));
        c5 = child("c5", SvgBlocks.head(b, nf * 8, dim, rng));
    }

    @Override
    public Encoded encode(Var x) {
        List<Var> skips = new ArrayList<>(4);
        Var h = x;
        for (Block c : convs) {
            h = c.forward(h);
            skips.add(h);
        }
        return new Encoded(F.reshape(c5.forward(h), x.dim(0), dim), skips);
    }
}
