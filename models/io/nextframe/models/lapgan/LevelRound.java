package io.nextframe.models.lapgan;

import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.losses.Losses;

import java.util.List;

/**
 * One pyramid level's GAN round on a batch, split into its two losses so that a trainer can update the
 * discriminator between them: level k < levels compares the real band g_k − up(g_{k+1}) with the generator's band
 * given up(g_{k+1}); the coarsest level compares g_levels with the fully connected generator's image. The generated
 * sample is drawn once (noise of {@code (noiseSeed, stream, counter)}) and serves both losses, as in the reference
 * code: the discriminator loss sees it detached, the generator loss through the discriminator as it is then.
 */
final class LevelRound {
    private final Lapgan model;
    private final int level;
    private final int[] labels;
    private final Var coarseUp;
    private final Var real;
    private final Var fake;

    private LevelRound(Lapgan model, int level, int[] labels, Var coarseUp, Var real, Var fake) {
        this.model = model;
        this.level = level;
        this.labels = labels;
        this.coarseUp = coarseUp;
        this.real = real;
        this.fake = fake;
    }

    /**
     * The round of {@code level} on the Gaussian pyramid {@code gaussian} of a batch (finest first, as
     * {@link io.nextframe.layers.LaplacianPyramid#gaussian} gives it); allocations live in the caller's scope.
     */
    static LevelRound of(Lapgan model, int level, List<Var> gaussian, int[] labels, long noiseSeed, long counter) {
        LapganConfig cfg = model.config();
        int n = gaussian.getFirst().dim(0);
        if (level == cfg.levels()) {
            Var fake = model.coarseGenerator().forward(model.noise(noiseSeed, 0, counter, n, cfg.coarseNoise()),
                    labels);
            return new LevelRound(model, level, labels, null, gaussian.get(level), fake);
        }
        int s = cfg.sideAt(level);
        Var up = model.resampler().up(gaussian.get(level + 1), s, s);
        Var real = F.sub(gaussian.get(level), up);
        Var fake = model.generator(level).forward(up, model.noise(noiseSeed, 1 + level, counter, n, 1, s, s), labels);
        return new LevelRound(model, level, labels, up, real, fake);
    }

    /** The discriminator's loss (BCE on logits: real → 1, generated → 0); no gradient reaches the generator. */
    Var discriminatorLoss() {
        return Losses.ganDiscriminator(score(real), score(fake.detach()));
    }

    /** The generator's non-saturating loss through the discriminator's current weights. */
    Var generatorLoss() {
        return Losses.ganGeneratorNonSaturating(score(fake));
    }

    private Var score(Var x) {
        return coarseUp == null ? model.coarseDiscriminator().forward(x, labels)
                : model.discriminator(level).forward(coarseUp, x, labels);
    }
}
