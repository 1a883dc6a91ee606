package io.nextframe.layers;

import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

import java.util.ArrayList;
import java.util.List;

/**
 * Laplacian pyramid over a pluggable {@link Resampler}: band i = g_i − up(g_{i+1}), g_0 = x, g_{i+1} = down(g_i);
 * the last entry is the coarsest Gaussian level. Reconstruction adds the bands back from the coarsest level, so it
 * inverts {@link #build} exactly (up to rounding) for any resampler.
 */
public final class LaplacianPyramid {
    private final Resampler resampler;
    private final int levels;

    /** {@code levels} band-pass levels, plus the low-pass residual: levels + 1 tensors in all. */
    public LaplacianPyramid(Resampler resampler, int levels) {
        if (levels < 1) {
            throw new IllegalArgumentException("LaplacianPyramid: levels " + levels + " must be ≥ 1");
        }
        this.resampler = resampler;
        this.levels = levels;
    }

    public Resampler resampler() {
        return resampler;
    }

    /** The Gaussian pyramid g_0 … g_levels. */
    public List<Var> gaussian(Var x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException("LaplacianPyramid: input " + x.shape() + ", expected (B, C, H, W)");
        }
        List<Var> g = new ArrayList<>(levels + 1);
        g.add(x);
        for (int i = 0; i < levels; i++) {
            g.add(resampler.down(g.get(i)));
        }
        return g;
    }

    /** Bands [b_0, …, b_{levels−1}, g_levels], finest first. */
    public List<Var> build(Var x) {
        List<Var> g = gaussian(x);
        List<Var> out = new ArrayList<>(levels + 1);
        for (int i = 0; i < levels; i++) {
            Var fine = g.get(i);
            out.add(F.sub(fine, resampler.up(g.get(i + 1), fine.dim(2), fine.dim(3))));
        }
        out.add(g.get(levels));
        return out;
    }

    /** Inverse of {@link #build}. */
    public Var reconstruct(List<Var> bands) {
        if (bands.size() != levels + 1) {
            throw new IllegalArgumentException("LaplacianPyramid: " + bands.size() + " bands, expected "
                    + (levels + 1));
        }
        Var g = bands.get(levels);
        for (int i = levels - 1; i >= 0; i--) {
            Var band = bands.get(i);
            g = F.add(resampler.up(g, band.dim(2), band.dim(3)), band);
        }
        return g;
    }
}
