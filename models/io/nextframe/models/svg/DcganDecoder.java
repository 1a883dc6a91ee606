package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Activation;
import io.nextframe.layers.Block;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * models/dcgan_64.py decoder: upc1 ConvT(dim, 8nf, 4, 1, 0) to 4², upc2…upc4 dcgan_upconv on cat[d, skip] (decoder
 * features first), upc5 ConvT(2nf, nc, 4, 2, 1) + Sigmoid.
 */
public final class DcganDecoder extends SvgDecoder {
    private final Sequential upc1;
    private final List<Block> ups = new ArrayList<>();
    private final Sequential upc5;

    public DcganDecoder(Backend b, int dim, int nc, int nf, Rng rng) {
        super(b, dim);
        upc1 = child("upc1", SvgBlocks.stem(b, dim, nf * 8, rng));
        ups.add(child("upc2", SvgBlocks.dcganUpconv(b, nf * 8 * 2, nf * 4, rng)));
        ups.add(child("upc3", SvgBlocks.dcganUpconv(b, nf * 4 * 2, nf * 2, rng)));
        ups.add(child("upc4", SvgBlocks.dcganUpconv(b, nf * 2 * 2, nf, rng)));
        upc5 = child("upc5", new Sequential(b, ConvTranspose.convTranspose2d(b, nf * 2, nc, 4, 2, 1, rng),
                Activation.sigmoid(b)));
    }

    @Override
    public Var decode(Var vec, List<Var> skips) {
        Var d = upc1.forward(F.reshape(vec, vec.dim(0), dim, 1, 1));
        for (int i = 0; i < ups.size(); i++) {
            d = ups.get(i).forward(F.concat(List.of(d, skips.get(3 - i)), 1));
        }
        return upc5.forward(F.concat(List.of(d, skips.get(0)), 1));
    }
}
