package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.Distribution;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;
import io.nextframe.layers.losses.Losses;
import io.nextframe.layers.optim.Adam;
import io.nextframe.layers.optim.Optimizer;

/**
 * The baseline of Table 4.1: a single-scale GAN with fully connected players (z → hidden → hidden → C·side² and
 * image → hidden → hidden → logit), sized by the caller to match a LAPGAN's parameter count. Children "g" and "d".
 */
public final class PlainGan extends Module {
    private final int channels;
    private final int side;
    private final int noise;
    private final Players.Mlp g;
    private final Players.Mlp d;

    public PlainGan(Backend backend, int channels, int side, int noise, int hidden, Rng rng) {
        super(backend);
        if (channels < 1 || side < 1 || noise < 1 || hidden < 1) {
            throw new IllegalArgumentException("PlainGan: channels " + channels + ", side " + side + ", noise "
                    + noise + ", hidden " + hidden + " must be ≥ 1");
        }
        this.channels = channels;
        this.side = side;
        this.noise = noise;
        g = child("g", new Players.Mlp(backend, noise, hidden, channels * side * side, rng));
        d = child("d", new Players.Mlp(backend, channels * side * side, hidden, 1, rng));
    }

    public Module generator() {
        return g;
    }

    public Module discriminator() {
        return d;
    }

    private Var z(long seed, long counter, int n) {
        Tensor t = backend.zeros(Shape.of(n, noise));
        backend.fillRandom(Distribution.UNIFORM, seed, 0, counter, -1f, 1f, t);
        return Var.constant(t);
    }

    Var generate(int n, long seed, long counter) {
        return F.reshape(g.forward(z(seed, counter, n)), n, channels, side, side);
    }

    public Tensor sample(int n, long seed) {
        try (Grad.Mode off = Grad.off()) {
            return generate(n, seed, 0).value();
        }
    }

    /** Adam optimisers for the two players (β1 0.5). */
    public Optimizer[] adam(double lr) {
        return new Optimizer[] {new Adam(g.trainableParameters(), lr, 0.5, 0.999, 1e-8, 0),
                new Adam(d.trainableParameters(), lr, 0.5, 0.999, 1e-8, 0)};
    }

    /** One discriminator and one generator step; returns {dLoss, gLoss}. */
    public double[] step(Var images, Optimizer gOpt, Optimizer dOpt, long seed, long counter) {
        Shapes.checkImage("PlainGan", images, channels, side);
        int n = images.dim(0);
        try (var scope = backend.scope()) {
            Var fake = generate(n, seed, counter);
            Var real = F.reshape(images.detach(), n, -1);
            Var dLoss = Losses.ganDiscriminator(d.forward(real), d.forward(F.reshape(fake.detach(), n, -1)));
            dOpt.zeroGrad();
            dLoss.backward();
            dOpt.step();
            dOpt.zeroGrad();
            Var gLoss = Losses.ganGeneratorNonSaturating(d.forward(F.reshape(fake, n, -1)));
            gOpt.zeroGrad();
            gLoss.backward();
            gOpt.step();
            gOpt.zeroGrad();
            dOpt.zeroGrad();
            return new double[] {dLoss.item(), gLoss.item()};
        }
    }
}
