package io.nextframe.models.videogan;

import io.nextframe.core.Scope;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;
import io.nextframe.layers.losses.GradientPenalty;
import io.nextframe.layers.losses.Losses;
import io.nextframe.layers.optim.Adam;
import io.nextframe.layers.optim.Optimizer;
import io.nextframe.models.train.PlayerUpdate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * WGAN-GP training of a {@link ConditionalVideoGan}: critic on (video, photo) pairs with the penalty on interpolated
 * pairs; the encoder and generator together minimise −D + λ_mse·MSE(middle frame, photo) + λ_mask·mean|m|. The photo
 * of a real clip is its middle frame.
 */
public final class ConditionalTrainer implements AutoCloseable {
    private final ConditionalVideoGan model;
    private final WganTrainer.Settings settings;
    private final float mseWeight;
    private final Optimizer gOpt;
    private final Optimizer dOpt;
    private final long seed;
    private long counter;
    private long iteration;

    public ConditionalTrainer(ConditionalVideoGan model, WganTrainer.Settings settings, float mseWeight, long seed) {
        if (settings.variant() != WganTrainer.Variant.GP) {
            throw new IllegalArgumentException("ConditionalTrainer: only the GP variant is implemented, got "
                    + settings.variant());
        }
        this.model = model;
        this.settings = settings;
        this.mseWeight = mseWeight;
        this.seed = seed;
        Map<String, io.nextframe.layers.Parameter> g = new LinkedHashMap<>();
        for (Module m : new Module[] {model.encoder(), model.generator()}) {
            m.trainableParameters().forEach((k, p) -> g.put((m == model.encoder() ? "encoder." : "generator.") + k, p));
        }
        gOpt = new Adam(g, settings.lr(), settings.beta1(), settings.beta2(), 1e-8, 0);
        dOpt = new Adam(model.critic().trainableParameters(), settings.lr(), settings.beta1(), settings.beta2(), 1e-8,
                0);
    }

    public Optimizer generatorOptimizer() {
        return gOpt;
    }

    public Optimizer criticOptimizer() {
        return dOpt;
    }

    private static Var photoOf(Var video) {
        return F.select(video, 2, ConditionalVideoGan.photoIndex(video.dim(2)));
    }

    /**
     * Positions the penalty's random counter at the start of iteration {@code iteration} (0-based: n_critic critic
     * updates, one draw each, then the generator update, which draws nothing), so a resumed run draws what the
     * uninterrupted one drew.
     */
    public void seek(long iteration) {
        if (iteration < 0) {
            throw new IllegalArgumentException("ConditionalTrainer.seek: iteration " + iteration + " < 0");
        }
        this.iteration = iteration;
        this.counter = Math.multiplyExact(iteration, (long) settings.nCritic());
    }

    /**
     * One critic update on real clips (B, C, T, H, W); returns {loss with penalty, penalty}. A NaN/Inf loss or
     * gradient stops before the update ({@link PlayerUpdate}).
     */
    public double[] criticStep(Var real) {
        try (Scope scope = model.backend().scope()) {
            Var photo = photoOf(real.detach());
            Var fake = model.generate(photo).video().detach();
            Var r = model.joint(real.detach(), photo);
            Var f = model.joint(fake, photo);
            Var loss = Losses.wganCritic(model.critic().forward(r), model.critic().forward(f));
            Var gp = GradientPenalty.of(model.critic()::forward, r, f, settings.lambda(), seed, 1, counter++);
            double penalty = gp.item();
            return new double[] {PlayerUpdate.apply(dOpt, F.add(loss, gp), iteration + 1), penalty};
        }
    }

    /** The encoder + generator loss and its parts; graphs live in the caller's scope, {@code mask} may be null. */
    public record GeneratorLoss(Var total, Var mse, Var mask) {
    }

    /**
     * −D(video, photo) + λ_mse·MSE(middle frame, photo) + λ_mask·mean|m| from the photos of real clips, with its
     * graph (the caller runs backward and steps {@link #generatorOptimizer}, as the shared training loop does).
     */
    public GeneratorLoss generatorLoss(Var real) {
        Var photo = photoOf(real.detach());
        Generated g = model.generate(photo);
        Var mse = model.middleFrameMse(g.video(), photo);
        Var loss = F.add(Losses.wganGenerator(model.critic().forward(model.joint(g.video(), photo))),
                F.scale(mse, mseWeight));
        Var mask = null;
        if (g.mask() != null && settings.maskL1() > 0) {
            mask = Losses.l1Penalty(g.mask(), settings.maskL1(), true);
            loss = F.add(loss, mask);
        }
        return new GeneratorLoss(loss, mse, mask);
    }

    /** One encoder + generator update from the photos of real clips; returns {total, mse}. */
    public double[] generatorStep(Var real) {
        try (Scope scope = model.backend().scope()) {
            GeneratorLoss l = generatorLoss(real);
            double total = PlayerUpdate.apply(gOpt, l.total(), iteration + 1);
            // the generator's backward pass also left gradients on the critic; drop them
            dOpt.zeroGrad();
            return new double[] {total, l.mse().item()};
        }
    }

    @Override
    public void close() {
        gOpt.close();
        dOpt.close();
    }
}
