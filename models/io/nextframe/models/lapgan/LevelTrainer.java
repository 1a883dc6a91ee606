package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;
import io.nextframe.layers.optim.Adam;
import io.nextframe.layers.optim.Optimizer;
import io.nextframe.layers.optim.Schedules;
import io.nextframe.layers.optim.Sgd;

import java.util.List;

/**
 * Trains one pyramid level's generator/discriminator pair on its own, as the thesis does (levels share nothing, so
 * they can be trained independently or in parallel). Level k < levels learns the band g_k − up(g_{k+1}) given
 * up(g_{k+1}); level {@code levels} learns g_levels. Losses are the original GAN's (discriminator BCE on logits,
 * non-saturating generator loss).
 */
public final class LevelTrainer implements AutoCloseable {

    /** Optimiser choice: the thesis's SGD with the momentum ramp (lr decayed per epoch), or Adam. */
    public enum Method { SGD_MOMENTUM_SCHEDULE, ADAM }

    /** Losses of one step, both as plain numbers. */
    public record StepLosses(double discriminator, double generator) {
    }

    private final Lapgan model;
    private final int level;
    private final Method method;
    private final double lr;
    private final Optimizer gOpt;
    private final Optimizer dOpt;
    private final long seed;
    private long counter;

    public LevelTrainer(Lapgan model, int level, Method method, double lr, long seed) {
        int levels = model.config().levels();
        if (level < 0 || level > levels) {
            throw new IllegalArgumentException("LevelTrainer: level " + level + " outside 0 … " + levels);
        }
        this.model = model;
        this.level = level;
        this.method = method;
        this.lr = lr;
        this.seed = seed;
        Module g = level == levels ? model.coarseGenerator() : model.generator(level);
        Module d = level == levels ? model.coarseDiscriminator() : model.discriminator(level);
        gOpt = optimizer(g);
        dOpt = optimizer(d);
    }

    private Optimizer optimizer(Module m) {
        return method == Method.ADAM
                ? new Adam(m.trainableParameters(), lr, 0.5, 0.999, 1e-8, 0)
                : new Sgd(m.trainableParameters(), lr, Schedules.lapganMomentum(0));
    }

    /**
     * Sets the epoch for the SGD schedule of the reference code: lr / 1.000004^epoch (floor 1e-6) and the momentum
     * ramp 0.5 + 0.0008·epoch capped at 0.7.
     */
    public void setEpoch(int epoch) {
        if (method == Method.SGD_MOMENTUM_SCHEDULE) {
            double decayed = Math.max(1e-6, lr / Math.pow(1.000004, epoch));
            for (Optimizer o : List.of(gOpt, dOpt)) {
                o.setLr(decayed);
                ((Sgd) o).setMomentum(Schedules.lapganMomentum(epoch));
            }
        }
    }

    public Optimizer generatorOptimizer() {
        return gOpt;
    }

    public Optimizer discriminatorOptimizer() {
        return dOpt;
    }

    /** One discriminator step then one generator step on a batch of full-resolution images (B, C, side, side). */
    public StepLosses step(Var images, int[] labels) {
        LapganConfig cfg = model.config();
        Shapes.checkImage("LevelTrainer", images, cfg.channels(), cfg.side());
        ClassPlanes.check(labels, images.dim(0), cfg.classes());
        Backend be = model.backend();
        long c = counter++;
        try (Scope scope = be.scope()) {
            List<Var> g = model.pyramid().gaussian(images.detach());
            LevelRound round = LevelRound.of(model, level, g, labels, seed, c);
            Var dLoss = round.discriminatorLoss();
            dOpt.zeroGrad();
            dLoss.backward();
            dOpt.step();
            dOpt.zeroGrad();

            Var gLoss = round.generatorLoss();
            gOpt.zeroGrad();
            gLoss.backward();
            gOpt.step();
            gOpt.zeroGrad();
            // the generator step also put gradients on the discriminator; drop them
            dOpt.zeroGrad();
            return new StepLosses(dLoss.item(), gLoss.item());
        }
    }

    @Override
    public void close() {
        gOpt.close();
        dOpt.close();
    }
}
