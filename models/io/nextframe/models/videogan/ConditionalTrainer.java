package io.nextframe.models.videogan;

import io.nextframe.core.Scope;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;
import io.nextframe.layers.losses.GradientPenalty;
import io.nextframe.layers.losses.Losses;
import io.nextframe.layers.optim.Adam;
import io.nextframe.layers.optim.Optimizer;

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

    /** One critic update on real clips (B, C, T, H, W); returns the loss with penalty. */
    public double criticStep(Var real) {
        try (Scope scope = model.backend().scope()) {
            Var photo = photoOf(real.detach());
            Var fake = model.generate(photo).video().detach();
            Var r = model.joint(real.detach(), photo);
            Var f = model.joint(fake, photo);
            Var loss = Losses.wganCritic(model.critic().forward(r), model.critic().forward(f));
            loss = F.add(loss, GradientPenalty.of(model.critic()::forward, r, f, settings.lambda(), seed, 1,
                    counter++));
            dOpt.zeroGrad();
            loss.backward();
            dOpt.step();
            dOpt.zeroGrad();
            return loss.item();
        }
    }

    /** One encoder + generator update from the photos of real clips; returns {total, mse}. */
    public double[] generatorStep(Var real) {
        try (Scope scope = model.backend().scope()) {
            Var photo = photoOf(real.detach());
            Generated g = model.generate(photo);
            Var mse = model.middleFrameMse(g.video(), photo);
            Var loss = F.add(Losses.wganGenerator(model.critic().forward(model.joint(g.video(), photo))),
                    F.scale(mse, mseWeight));
            if (g.mask() != null && settings.maskL1() > 0) {
                loss = F.add(loss, Losses.l1Penalty(g.mask(), settings.maskL1(), true));
            }
            gOpt.zeroGrad();
            loss.backward();
            gOpt.step();
            gOpt.zeroGrad();
            dOpt.zeroGrad();
            return new double[] {loss.item(), mse.item()};
        }
    }

    @Override
    public void close() {
        gOpt.close();
        dOpt.close();
    }
}
