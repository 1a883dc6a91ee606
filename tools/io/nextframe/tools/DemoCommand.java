package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.Distribution;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.core.spi.BackendProvider;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code nextframe demo}: trains a tiny convolutional next-frame predictor (a bouncing square on 16×16) for a few
 * steps on every available backend from the same seed, and shows that the loss curves agree across backends.
 * It exercises the whole stack a model uses: seeded initialisation, conv + leaky ReLU + sigmoid forward, BCE,
 * backward through the tape, SGD with momentum.
 */
@Command(name = "demo", description = "Train a tiny conv net for a few steps on each available backend and compare.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--steps", description = "training steps per backend (default ${DEFAULT-VALUE})")
    int steps = 30;

    @Option(names = "--backend", description = "'all' (default) or one backend name")
    String backend = "all";

    @Option(names = "--seed", description = "run seed (default ${DEFAULT-VALUE})")
    long seed = 42;

    private static final int SIZE = 16, BATCH = 8, WIDTH = 8;
    private static final float LR = 0.5f, MOMENTUM = 0.9f;

    @Override
    public Integer call() {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be ≥ 1, got " + steps);
        }
        List<String> names = new ArrayList<>();
        if (backend.equals("all")) {
            for (BackendProvider p : Backends.providers()) {
                BackendProvider.Availability a = p.probe();
                System.out.printf("%-10s %s%n", p.name(), a.available() ? "available: " + a.reason()
                        : "unavailable: " + a.reason());
                if (a.available()) {
                    names.add(p.name());
                }
            }
        } else {
            names.add(backend);
        }
        float[][] curves = new float[names.size()][];
        for (int i = 0; i < names.size(); i++) {
            Backend b = Backends.get(names.get(i));
            long t0 = System.nanoTime();
            curves[i] = train(b);
            double ms = (System.nanoTime() - t0) / 1e6 / steps;
            System.out.printf(Locale.ROOT, "%-10s loss %.5f → %.5f over %d steps, %.1f ms/step (%s)%n", names.get(i),
                    curves[i][0], curves[i][steps - 1], steps, ms, b.description());
        }
        for (int i = 1; i < names.size(); i++) {
            float worst = 0;
            for (int s = 0; s < steps; s++) {
                worst = Math.max(worst, Math.abs(curves[i][s] - curves[0][s]));
            }
            System.out.printf(Locale.ROOT, "%-10s vs %-10s largest loss difference %.2e%n", names.get(i),
                    names.get(0), worst);
        }
        for (float[] c : curves) {
            if (!(c[steps - 1] < c[0])) {
                System.err.println("error: training did not reduce the loss");
                return 1;
            }
        }
        return 0;
    }

    /** Returns the loss of every step. */
    float[] train(Backend b) {
        ConvSpec same = ConvSpec.of(2, 1, 1);
        Tensor[] weights = {
            init(b, Shape.of(WIDTH, 1, 3, 3), 1, 9), b.zeros(WIDTH),
            init(b, Shape.of(WIDTH, WIDTH, 3, 3), 2, 9 * WIDTH), b.zeros(WIDTH),
            init(b, Shape.of(1, WIDTH, 3, 3), 3, 9 * WIDTH), b.zeros(1)};
        Tensor[] velocity = new Tensor[weights.length];
        Var[] params = new Var[weights.length];
        for (int i = 0; i < weights.length; i++) {
            velocity[i] = b.zerosLike(weights[i]);
            params[i] = Var.param(weights[i]);
        }
        float[] losses = new float[steps];
        try {
            for (int step = 0; step < steps; step++) {
                try (Scope scope = b.scope()) {
                    float[][] pair = BouncingSquares.batch(seed, step, BATCH, SIZE);
                    Var x = Var.constant(b.fromFloats(Shape.of(BATCH, 1, SIZE, SIZE), pair[0]));
                    Var target = Var.constant(b.fromFloats(Shape.of(BATCH, 1, SIZE, SIZE), pair[1]));
                    Var h = F.leakyRelu(F.conv(same, x, params[0], params[1]), 0.2f);
                    h = F.leakyRelu(F.conv(same, h, params[2], params[3]), 0.2f);
                    Var p = F.sigmoid(F.conv(same, h, params[4], params[5]));
                    Var loss = F.bce(p, target);
                    losses[step] = loss.value().item();
                    loss.backward();
                    try (Grad.Mode off = Grad.off()) {
                        for (int i = 0; i < params.length; i++) {
                            // v = μ·v + g; w = w − lr·v
                            Tensor v = velocity[i];
                            b.unary(UnaryOp.AFFINE, MOMENTUM, 0f, v, v);
                            b.binary(BinaryOp.ADD, v, params[i].grad(), v);
                            Tensor step_ = b.unary(UnaryOp.AFFINE, -LR, 0f, v);
                            b.binary(BinaryOp.ADD, weights[i], step_, weights[i]);
                            params[i].zeroGrad();
                        }
                    }
                }
            }
        } finally {
            for (int i = 0; i < weights.length; i++) {
                weights[i].close();
                velocity[i].close();
            }
        }
        return losses;
    }

    /** He-normal weights drawn from the counter-based generator: identical on every backend. */
    private Tensor init(Backend b, Shape shape, long stream, int fanIn) {
        Tensor w = b.zeros(shape);
        b.fillRandom(Distribution.NORMAL, seed, stream, 0, 0f, (float) Math.sqrt(2.0 / fanIn), w);
        return w;
    }
}
