package io.nextframe.models.svg;

import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.layers.Module;
import io.nextframe.layers.optim.Adam;
import io.nextframe.layers.optim.Optimizer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The authors' training step: one Adam (lr from the config, betas 0.9/0.999) per top-level module, zero the
 * gradients, forward the whole sequence with teacher forcing ({@link SvgModel#loss}), one backward pass, step every
 * optimiser. The z noise is counter-based ({@link #noise()}) so that a resumed run draws the same ε.
 */
public final class SvgTrainer implements AutoCloseable {
    /** The Philox stream of the training noise (prediction uses streams 0 … K−1). */
    public static final long TRAIN_STREAM = 1L << 40;

    private final SvgModel model;
    private final Map<String, Optimizer> optimizers = new LinkedHashMap<>();
    private final SvgNoise noise;

    public SvgTrainer(SvgModel model, long seed) {
        this.model = model;
        model.children().forEach((name, m) -> optimizers.put(name, new Adam(m.trainableParameters(),
                model.config().lr(), 0.9, 0.999, 1e-8, 0)));
        this.noise = new SvgNoise(seed, TRAIN_STREAM);
    }

    /** The optimiser of each module, by prefix (for checkpoints). */
    public Map<String, Optimizer> optimizers() {
        return optimizers;
    }

    public SvgNoise noise() {
        return noise;
    }

    /** Losses of one step, summed over the T−1 predicted frames (kld is 0 for svg-det). */
    public record StepResult(double loss, double mse, double kld) {
    }

    /** One update on frames (B, T, C, 64, 64). */
    public StepResult step(Tensor frames) {
        model.train();
        optimizers.values().forEach(Optimizer::zeroGrad);
        StepResult r;
        try (Scope s = model.backend().scope()) {
            SvgModel.Loss l = model.loss(frames, noise);
            r = new StepResult(l.loss().item(), l.mse().item(), l.kld() == null ? 0 : l.kld().item());
            if (!Double.isFinite(r.loss())) {
                throw new IllegalStateException("SVG train: loss became " + r.loss() + " (mse " + r.mse()
                        + ", kld " + r.kld() + ")");
            }
            l.loss().backward();
        }
        optimizers.values().forEach(Optimizer::step);
        return r;
    }

    public List<Module> modules() {
        return new ArrayList<>(model.children().values());
    }

    @Override
    public void close() {
        optimizers.values().forEach(Optimizer::close);
    }
}
