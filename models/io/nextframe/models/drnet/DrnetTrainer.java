package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.optim.Adam;
import io.nextframe.layers.optim.Optimizer;
import io.nextframe.models.svg.SvgEncoder;

/**
 * The two updates of one train_drnet.py iteration, on one batch of clips (B, T ≥ max_step, C, 64, 64):
 * <ol>
 *   <li>{@link #discriminatorStep}: h_p1 = E_p(x[0]), h_p2 = E_p(x[r]), both without gradient; the first half of
 *       the batch gets h_p2 permuted within that half (different videos, target 1), the second half keeps its own
 *       (same video, target 0); criterion(C(h_p1, h_p2), target) updates C alone (its own Adam).</li>
 *   <li>{@link #loss}: sim = MSE(E_c(x[0]), E_c(x_c2) detached); rec = MSE(D(E_c(x[0]), E_p(x_p1)), x_p1);
 *       sd = criterion(C(E_p(x_p1), E_p(x_p2) detached), ½); loss = α·sim + rec + β·sd, whose backward pass and
 *       update (E_c, E_p, D only) belong to the caller ({@link DrnetRun} on the shared TrainLoop).</li>
 * </ol>
 * The forward passes run in training mode in the script's order (BatchNorm statistics update in each, the
 * discriminator's pose passes included).
 */
public final class DrnetTrainer implements AutoCloseable {
    private final DrnetModel model;
    private final Adam discriminatorAdam;

    public DrnetTrainer(DrnetModel model) {
        this.model = model;
        DrnetConfig c = model.config();
        this.discriminatorAdam = new Adam(model.discriminatorParameters(), c.lr(), c.beta1(), 0.999, 1e-8, 0);
    }

    /** optimizerC of the script (checkpointed beside the joint optimizer). */
    public Optimizer discriminatorOptimizer() {
        return discriminatorAdam;
    }

    /** The discriminator's criterion value and accuracy (out > ½ on the first half, ≤ ½ on the second). */
    public record DiscriminatorResult(double loss, double accuracy) {
    }

    /** One update of the scene discriminator; temporaries live in the caller's scope. */
    public DiscriminatorResult discriminatorStep(Tensor clips, DrnetDraws d) {
        DrnetInputs.checkTraining(model.config(), clips);
        model.train();
        int b = clips.dim(0), half = b / 2, p = model.config().poseDim();
        Var all = Var.constant(clips);
        Var hp1;
        float[] hp2;
        try (Grad.Mode off = Grad.off()) {
            hp1 = model.pose(F.select(all, 1, 0)).detach();
            hp2 = model.pose(F.select(all, 1, d.discFrame())).value().toFloatArray();
        }
        float[] shuffled = hp2.clone();
        for (int i = 0; i < half; i++) {
            System.arraycopy(hp2, d.permutation()[i] * p, shuffled, i * p, p);
        }
        float[] target = new float[b];
        for (int i = 0; i < half; i++) {
            target[i] = 1;
        }
        Backend be = model.backend();
        discriminatorAdam.zeroGrad();
        Var out = model.discriminate(hp1, Var.constant(be.fromFloats(Shape.of(b, p), shuffled)));
        Var loss = criterion(out, Var.constant(be.fromFloats(Shape.of(b, 1), target)));
        double value = loss.item();
        loss.backward();
        discriminatorAdam.step();
        float[] o = out.value().toFloatArray();
        int correct = 0;
        for (int i = 0; i < b; i++) {
            if (i < half ? o[i] > 0.5f : o[i] <= 0.5f) {
                correct++;
            }
        }
        return new DiscriminatorResult(value, correct / (double) b);
    }

    /** The joint objective and its parts; the graph is live (call backward on {@code total}). */
    public record Loss(Var total, Var sim, Var rec, Var sd) {
    }

    /** The joint update's loss on the batch; temporaries live in the caller's scope. */
    public Loss loss(Tensor clips, DrnetDraws d) {
        DrnetInputs.checkTraining(model.config(), clips);
        DrnetConfig c = model.config();
        model.train();
        Var all = Var.constant(clips);
        Var xc1 = F.select(all, 1, 0);
        Var xp1 = F.select(all, 1, d.p1());
        SvgEncoder.Encoded hc1 = model.content(xc1);
        Var hc2;
        try (Grad.Mode off = Grad.off()) {
            hc2 = model.content(F.select(all, 1, d.c2())).h().detach();
        }
        Var hp1 = model.pose(xp1);
        Var hp2;
        try (Grad.Mode off = Grad.off()) {
            hp2 = model.pose(F.select(all, 1, d.p2())).detach();
        }
        Var sim = F.mse(hc1.h(), hc2);
        Var rec = F.mse(model.decode(hc1, hp1), xp1);
        Var out = model.discriminate(hp1, hp2);
        Var half = Var.constant(model.backend().full(Shape.of(clips.dim(0), 1), 0.5f));
        Var sd = criterion(out, half);
        Var total = F.add(F.add(F.scale(sim, (float) c.alpha()), rec), F.scale(sd, (float) c.sdWeight()));
        return new Loss(total, sim, rec, sd);
    }

    private Var criterion(Var out, Var target) {
        return model.config().sdCriterion().equals("bce") ? F.bce(out, target) : F.mse(out, target);
    }

    @Override
    public void close() {
        discriminatorAdam.close();
    }
}
