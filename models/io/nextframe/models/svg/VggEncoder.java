package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Pool;
import io.nextframe.layers.Rng;
import io.nextframe.layers.Sequential;

import java.util.ArrayList;
import java.util.List;

/**
 * models/vgg_64.py encoder: c1 = 2 vgg layers at 64² (h1), then max-pool 2×2 before each of c2 (2 layers, 32²),
 * c3 (3 layers, 16²), c4 (3 layers, 8²) and c5 (4×4 conv to dim + BN + Tanh). Widths nf, 2nf, 4nf, 8nf (nf = 64).
 */
public final class VggEncoder extends SvgEncoder {
    private final List<Sequential> stages = new ArrayList<>();
    private final Sequential c5;
    private final Pool pool;

    public VggEncoder(Backend b, int dim, int nc, int nf, Rng rng) {
        super(b, dim);
        stages.add(child("c1", new Sequential(b, SvgBlocks.vggLayer(b, nc, nf, rng),
                SvgBlocks.vggLayer(b, nf, nf, rng))));
        stages.add(child("c2", new Sequential(b, SvgBlocks.vggLayer(b, nf, nf * 2, rng),
                SvgBlocks.vggLayer(b, nf * 2, nf * 2, rng))));
        stages.add(child("c3", new Sequential(b, SvgBlocks.vggLayer(b, nf * 2, nf * 4, rng),
                SvgBlocks.vggLayer(b, nf * 4, nf * 4, rng), SvgBlocks.vggLayer(b, nf * 4, nf * 4, rng))));
        stages.add(child("c4", new Sequential(b, SvgBlocks.vggLayer(b, nf * 4, nf * 8, rng),
                SvgBlocks.vggLayer(b, nf * 8, nf * 8, rng), SvgBlocks.vggLayer(b, nf * 8, nf * 8, rng))));
        c5 = child("c5", SvgBlocks.head(b, nf * 8, dim, rng));
        pool = Pool.max(b, 2, 2);
    }

    @Override
    public Encoded encode(Var x) {
        List<Var> skips = new ArrayList<>(4);
        Var h = x;
        for (int i = 0; i < stages.size(); i++) {
            h = stages.get(i).forward(i == 0 ? h : pool.forward(h));
            skips.add(h);
        }
        return new Encoded(F.reshape(c5.forward(pool.forward(h)), x.dim(0), dim), skips);
    }
}
