package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.Distribution;
import io.nextframe.layers.losses.GradientPenalty;
import io.nextframe.layers.losses.Losses;
import io.nextframe.layers.optim.Adam;
import io.nextframe.layers.optim.Clipping;
import io.nextframe.layers.optim.Optimizer;
import io.nextframe.layers.optim.RmsProp;
import io.nextframe.models.train.PlayerUpdate;

import java.util.function.Supplier;

/**
 * Wasserstein training of a video generator against a {@link VideoCritic}: {@code nCritic} critic updates per
 * generator update. GP: critic loss mean D(fake) − mean D(real) + λ·(‖∇D(x̂)‖ − 1)² (a double backward), Adam.
 * CLIP: the original WGAN, same loss without penalty, RMSProp and weights clamped to [−c, c] after each critic step.
 * The two-stream generator's mask adds λ_mask·mean|m| to the generator loss.
 */
public final class WganTrainer implements AutoCloseable {

    /** The two Wasserstein variants. */
    public enum Variant { GP, CLIP }

    /** Settings; {@link #gp()} and {@link #weightClipping()} give the defaults. */
    public record Settings(Variant variant, double lr, double beta1, double beta2, int nCritic, float lambda,
                           float clipBound, float maskL1) {
        /** WGAN-GP: Adam lr 1e-3, β (0.5, 0.9), n_critic 5, λ 10, mask L1 0.1. */
        public static Settings gp() {
            return new Settings(Variant.GP, 1e-3, 0.5, 0.9, 5, 10f, 0f, 0.1f);
        }

        /** Original WGAN: RMSProp lr 5e-5, n_critic 5, clip 0.01, mask L1 0.1. */
        public static Settings weightClipping() {
            return new Settings(Variant.CLIP, 5e-5, 0, 0, 5, 0f, 0.01f, 0.1f);
        }

        public Settings withLr(double newLr) {
            return new Settings(variant, newLr, beta1, beta2, nCritic, lambda, clipBound, maskL1);
        }
    }

    /** Losses of one iteration: the last critic loss (with penalty), the penalty, the generator loss. */
    public record Losses3(double critic, double penalty, double generator) {
    }

    private final VideoGenerator generator;
    private final VideoCritic critic;
    private final Settings settings;
    private final Optimizer gOpt;
    private final Optimizer dOpt;
    private final long seed;
    private long counter;
    private long iteration;

    public WganTrainer(VideoGenerator generator, VideoCritic critic, Settings settings, long seed) {
        if (settings.nCritic() < 1) {
            throw new IllegalArgumentException("WganTrainer: nCritic " + settings.nCritic() + " must be ≥ 1");
        }
        this.generator = generator;
        this.critic = critic;
        this.settings = settings;
        this.seed = seed;
        if (settings.variant() == Variant.GP) {
            gOpt = new Adam(generator.trainableParameters(), settings.lr(), settings.beta1(), settings.beta2(), 1e-8, 0);
            dOpt = new Adam(critic.trainableParameters(), settings.lr(), settings.beta1(), settings.beta2(), 1e-8, 0);
        } else {
            gOpt = new RmsProp(generator.trainableParameters(), settings.lr());
            dOpt = new RmsProp(critic.trainableParameters(), settings.lr());
        }
    }

    public Optimizer generatorOptimizer() {
        return gOpt;
    }

    public Optimizer criticOptimizer() {
        return dOpt;
    }

    /**
     * Random draws per {@link #iteration}: each critic update takes the generator's z and, with GP, the
     * interpolation weights; the generator update takes one more z.
     */
    public long drawsPerIteration() {
        return (long) settings.nCritic() * (settings.variant() == Variant.GP ? 2 : 1) + 1;
    }

    /**
     * Positions the random counters at the start of iteration {@code iteration} (0-based), where a run of
     * consecutive iterations from a fresh trainer would have them: the noise of an iteration is a function of
     * (seed, iteration) alone, so a resumed run draws what the uninterrupted one drew.
     */
    public void seek(long iteration) {
        if (iteration < 0) {
            throw new IllegalArgumentException("WganTrainer.seek: iteration " + iteration + " < 0");
        }
        this.iteration = iteration;
        this.counter = Math.multiplyExact(iteration, drawsPerIteration());
    }

    Var noise(int n) {
        Backend be = generator.backend();
        Tensor z = be.zeros(Shape.of(n, generator.config().noise()));
        be.fillRandom(Distribution.NORMAL, seed, 0, counter++, 0f, 1f, z);
        return Var.constant(z);
    }

    /**
     * One critic update on a real batch (B, C, T, H, W); returns {loss, penalty}: the loss is the penalised one,
     * so loss − penalty = mean D(fake) − mean D(real) is minus the critic's Wasserstein estimate. A NaN/Inf loss or
     * gradient stops before the update ({@link PlayerUpdate}).
     */
    public double[] criticStep(Var real) {
        Backend be = generator.backend();
        try (Scope scope = be.scope()) {
            Var fake = generator.generate(noise(real.dim(0))).video().detach();
            Var loss = Losses.wganCritic(critic.forward(real.detach()), critic.forward(fake));
            double penalty = 0;
            if (settings.variant() == Variant.GP) {
                Var gp = GradientPenalty.of(critic::forward, real, fake, settings.lambda(), seed, 1, counter++);
                penalty = gp.item();
                loss = F.add(loss, gp);
            }
            double value = PlayerUpdate.apply(dOpt, loss, iteration + 1);
            if (settings.variant() == Variant.CLIP) {
                Clipping.clipWeights(critic.parameters(), settings.clipBound());
            }
            return new double[] {value, penalty};
        }
    }

    /** The generator's loss and its mask term (null without a mask or weight); graphs live in the caller's scope. */
    public record GeneratorLoss(Var total, Var maskPenalty) {
    }

    /**
     * The generator loss of n fresh samples, −mean D(G(z)) plus the two-stream mask's λ_mask·mean|m|, with its graph
     * (the caller runs backward and steps {@link #generatorOptimizer}, as the shared training loop does).
     */
    public GeneratorLoss generatorLoss(int n) {
        Generated g = generator.generate(noise(n));
        Var loss = Losses.wganGenerator(critic.forward(g.video()));
        Var mask = null;
        if (g.mask() != null && settings.maskL1() > 0) {
            mask = Losses.l1Penalty(g.mask(), settings.maskL1(), true);
            loss = F.add(loss, mask);
        }
        return new GeneratorLoss(loss, mask);
    }

    /** One generator update with a batch of n samples; returns the generator loss (with the mask penalty). */
    public double generatorStep(int n) {
        Backend be = generator.backend();
        try (Scope scope = be.scope()) {
            double value = PlayerUpdate.apply(gOpt, generatorLoss(n).total(), iteration + 1);
            // the generator's backward pass also left gradients on the critic; drop them
            dOpt.zeroGrad();
            return value;
        }
    }

    /** nCritic critic updates (a fresh real batch each) then one generator update. */
    public Losses3 iteration(Supplier<Var> realBatches) {
        double[] c = null;
        int n = 0;
        for (int i = 0; i < settings.nCritic(); i++) {
            Var real = realBatches.get();
            n = real.dim(0);
            c = criticStep(real);
        }
        Losses3 l = new Losses3(c[0], c[1], generatorStep(n));
        iteration++;
        return l;
    }

    @Override
    public void close() {
        gOpt.close();
        dOpt.close();
    }
}
