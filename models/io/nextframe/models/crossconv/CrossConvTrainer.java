package io.nextframe.models.crossconv;

import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.optim.Adam;

/**
 * One optimisation step of the conditional VAE (or of its AE ablation: z = μ, no KL, no sampling) with Adam.
 * For tests and small experiments on fixed batches; long runs go through {@link CrossConvTraining} (the shared
 * TrainLoop with checkpoints, resume and a loss CSV).
 */
public final class CrossConvTrainer implements AutoCloseable {
    /** The cVAE of the paper, or the autoencoder ablation of its Fig. 5 table. */
    public enum Mode { CVAE, AE }

    private final CrossConvNet net;
    private final CrossConvLoss loss;
    private final Mode mode;
    private final Adam adam;

    public CrossConvTrainer(CrossConvNet net, CrossConvLoss loss, Mode mode, double lr) {
        this.net = net;
        this.loss = loss;
        this.mode = mode;
        this.adam = new Adam(net.trainableParameters(), lr);
    }

    public Adam optimizer() {
        return adam;
    }

    public Mode mode() {
        return mode;
    }

    /** Losses of one step (before the update). */
    public record StepLoss(double total, double reconstruction, double kl) {
    }

    /** Forward, backward and one Adam update on the pair batch (first, second). */
    public StepLoss step(Tensor first, Tensor second) {
        net.train();
        try (Scope scope = first.backend().scope()) {
            Var[] parts = objective(net, loss, mode, Var.constant(first), Var.constant(second));
            adam.zeroGrad();
            parts[0].backward();
            adam.step();
            return new StepLoss(parts[0].item(), parts[1].item(), parts[2].item());
        }
    }

    /**
     * The training objective on one pair batch as {total, reconstruction, KL}: the cVAE samples z from q and adds
     * the weighted KL; the AE decodes z = μ and optimises the weighted reconstruction alone (KL reported only).
     */
    public static Var[] objective(CrossConvNet net, CrossConvLoss loss, Mode mode, Var first, Var second) {
        Var target = net.target(first, second);
        CrossConvNet.Posterior q = net.encode(first, second);
        Var z = mode == Mode.CVAE ? net.sample(q) : q.mean();
        Var rec = loss.reconstruction(net.decode(z, first), target);
        Var kl = loss.kl(q);
        Var total = mode == Mode.CVAE ? loss.total(rec, kl) : F.scale(rec, (float) loss.reconstructionWeight());
        return new Var[] {total, rec, kl};
    }

    /** Evaluation loss (running BN statistics, no update): z sampled for the cVAE, z = μ for the AE. */
    public StepLoss evaluate(Tensor first, Tensor second) {
        net.eval();
        try (Scope scope = first.backend().scope();
             var off = io.nextframe.core.autograd.Grad.off()) {
            Var a = Var.constant(first);
            Var b = Var.constant(second);
            CrossConvNet.Posterior q = net.encode(a, b);
            Var predicted = net.decode(mode == Mode.CVAE ? net.sample(q) : q.mean(), a);
            Var rec = loss.reconstruction(predicted, net.target(a, b));
            Var kl = loss.kl(q);
            return new StepLoss(loss.total(rec, kl).item(), rec.item(), kl.item());
        }
    }

    @Override
    public void close() {
        adam.close();
    }
}
