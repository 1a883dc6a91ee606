package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Activation;
import io.nextframe.layers.ConvTranspose;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;
import io.nextframe.layers.Upsample;

import java.util.ArrayList;
import java.util.List;

/**
 * models/vgg_64.py decoder: upc1 ConvT(dim, 8nf, 4, 1, 0) to 4²; then nearest ×2 upsampling and a stage on
 * cat[up(d), skip] for upc2 (3 layers → 4nf), upc3 (3 layers → 2nf), upc4 (2 layers → nf), upc5 (vgg layer,
 * ConvT(nf, nc, 3, 1, 1), Sigmoid).
 */
public final class VggDecoder extends SvgDecoder {
    private final Sequential upc1;
    private final List<Sequential> stages = new ArrayList<>();
    private final Upsample up;

    public VggDecoder(Backend b, int dim, int nc, int nf, Rng rng) {
        super(b, dim);
        upc1 = child("upc1", SvgBlocks.stem(b, dim, nf * 8, rng));
        stages.add(child("upc2", new Sequential(b, SvgBlocks.vggLayer(b, nf * 16, nf * 8, rng),
                SvgBlocks.vggLayer(b, nf * 8, nf * 8, rng), SvgBlocks.vggLayer(b, nf * 8, nf * 4, rng))));
        stages.add(child("upc3", new Sequential(b, SvgBlocks.vggLayer(b, nf * 8, nf * 4, rng),
                SvgBlocks.vggLayer(b, nf * 4, nf * 4, rng), SvgBlocks.vggLayer(b, nf * 4, nf * 2, rng))));
        stages.add(child("upc4", new Sequential(b, SvgBlocks.vggLayer(b, nf * 4, nf * 2, rng),
                SvgBlocks.vggLayer(b, nf * 2, nf, rng))));
        stages.add(child("upc5", new Sequential(b, SvgBlocks.vggLayer(b, nf * 2, nf, rng),
                ConvTranspose.convTranspose2d(b, nf, nc, 3, 1, 1, rng), Activation.sigmoid(b))));
        up = Upsample.nearest(b, 2);
    }

    @Override
    public Var decode(Var vec, List<Var> skips) {
        Var d = upc1.forward(F.reshape(vec, vec.dim(0), dim, 1, 1));
        for (int i = 0; i < stages.size(); i++) {
            d = stages.get(i).forward(F.concat(List.of(up.forward(d), skips.get(3 - i)), 1));
        }
        return d;
    }
}
