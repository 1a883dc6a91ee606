package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.Distribution;
import io.nextframe.layers.LaplacianPyramid;
import io.nextframe.layers.Module;
import io.nextframe.layers.Resampler;
import io.nextframe.layers.Rng;

import java.util.ArrayList;
import java.util.List;

/**
 * A Laplacian pyramid of conditional GANs. Level k < levels generates the band g_k − up(g_{k+1}) from noise and
 * up(g_{k+1}); the coarsest level generates g_levels from a noise vector with fully connected nets. Sampling runs
 * coarse to fine: I_levels = G_c(z), I_k = up(I_{k+1}) + G_k(noise_k, up(I_{k+1})). Each level's pair is trained on
 * its own (the levels share nothing), see {@link LevelTrainer}. Children: "g{k}" and "d{k}" for k = 0 … levels − 1
 * and "gc"/"dc" for the coarsest level.
 */
public final class Lapgan extends Module {
    private final LapganConfig cfg;
    private final LaplacianPyramid pyramid;
    private final List<LevelGenerator> generators = new ArrayList<>();
    private final List<LevelDiscriminator> discriminators = new ArrayList<>();
    private final CoarseGenerator coarseGenerator;
    private final CoarseDiscriminator coarseDiscriminator;

    public Lapgan(Backend backend, LapganConfig cfg, Resampler resampler, Rng rng) {
        super(backend);
        this.cfg = cfg;
        this.pyramid = new LaplacianPyramid(resampler, cfg.levels());
        for (int k = 0; k < cfg.levels(); k++) {
            generators.add(child("g" + k, new LevelGenerator(backend, cfg, k, rng)));
            discriminators.add(child("d" + k, new LevelDiscriminator(backend, cfg, k, rng)));
        }
        coarseGenerator = child("gc", new CoarseGenerator(backend, cfg, rng));
        coarseDiscriminator = child("dc", new CoarseDiscriminator(backend, cfg, rng));
    }

    public LapganConfig config() {
        return cfg;
    }

    public LaplacianPyramid pyramid() {
        return pyramid;
    }

    public Resampler resampler() {
        return pyramid.resampler();
    }

    public LevelGenerator generator(int k) {
        return generators.get(k);
    }

    public LevelDiscriminator discriminator(int k) {
        return discriminators.get(k);
    }

    public CoarseGenerator coarseGenerator() {
        return coarseGenerator;
    }

    public CoarseDiscriminator coarseDiscriminator() {
        return coarseDiscriminator;
    }

    /** U(−1, 1) noise (the reference code's) from the counter-based generator: deterministic per counter. */
    Var noise(long seed, long stream, long counter, int... dims) {
        Tensor t = backend.zeros(Shape.of(dims));
        backend.fillRandom(Distribution.UNIFORM, seed, stream, counter, -1f, 1f, t);
        return Var.constant(t);
    }

    /** n samples (B, C, side, side) drawn coarse to fine; {@code labels} null for an unconditional model. */
    public Tensor sample(int n, int[] labels, long seed) {
        try (Grad.Mode off = Grad.off()) {
            Var coarse = coarseGenerator.forward(noise(seed, 0, 0, n, cfg.coarseNoise()), labels);
            return refine(coarse, labels, seed);
        }
    }

    /**
     * Runs the refinement levels from a given coarsest image with the noise planes of {@code seed}: the thesis's
     * demonstration that, with the noise fixed, varying only the coarse input changes the sample's layout while the
     * levels add detail consistent with it.
     */
    public Tensor refine(Var coarse, int[] labels, long seed) {
        Shapes.checkImage("Lapgan.refine (coarsest image)", coarse, cfg.channels(), cfg.coarseSide());
        try (Grad.Mode off = Grad.off()) {
            Var img = coarse;
            int n = coarse.dim(0);
            for (int k = cfg.levels() - 1; k >= 0; k--) {
                int s = cfg.sideAt(k);
                Var up = pyramid.resampler().up(img, s, s);
                img = F.add(up, generators.get(k).forward(up, noise(seed, 1 + k, 0, n, 1, s, s), labels));
            }
            return img.value();
        }
    }
}
