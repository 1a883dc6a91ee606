package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.losses.GradientPenalty;
import io.nextframe.layers.losses.Losses;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Loss values against hand computation in F64. */
class LossesTest {
    private final Backend be = Backends.get("reference");

    private Var v(int[] dims, double... d) {
        return Var.constant(be.fromDoubles(Shape.of(dims), d));
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    @Test
    void elementwiseLosses() {
        try (Scope s = be.scope()) {
            Var p = v(new int[] {2, 2}, 0.9, 0.2, 0.5, 1.0), t = v(new int[] {2, 2}, 1, 0, 1, 1);
            assertEquals((0.01 + 0.04 + 0.25 + 0) / 4, Losses.mse(p, t).item(), 1e-12);
            assertEquals((0.1 + 0.2 + 0.5 + 0) / 4, Losses.l1(p, t).item(), 1e-12);
            double bce = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.5) + Math.log(1 - 1e-7)) / 4;
            assertEquals(bce, Losses.bce(p, t).item(), 1e-6);
            Var z = v(new int[] {3}, -30, 0.5, 40), tz = v(new int[] {3}, 1, 0, 1);
            double expected = (30 + Math.log1p(Math.exp(-30)) - Math.log(1 - sigmoid(0.5)) - Math.log(sigmoid(40))) / 3;
            assertEquals(expected, Losses.bceWithLogits(z, tz).item(), 1e-9);
            assertEquals(0.5 * (0.1 + 0.2 + 0.5 + 0) / 4 * 4, Losses.l1Penalty(F.sub(p, t), 0.5f, false).item(),
                    1e-12);
        }
    }

    @Test
    void crossEntropyWithLabels() {
        try (Scope s = be.scope()) {
            Var logits = v(new int[] {2, 3}, 1, 2, 3, 0, 0, 5);
            double r0 = Math.log(Math.exp(1) + Math.exp(2) + Math.exp(3)) - 1;
            double r1 = Math.log(2 + Math.exp(5)) - 5;
            assertEquals((r0 + r1) / 2, Losses.crossEntropy(logits, new int[] {0, 2}).item(), 1e-9);
            assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, new int[] {0, 3}));
        }
    }

    @Test
    void klTermsFollowSvgsReduction() {
        try (Scope s = be.scope()) {
            Var mu = v(new int[] {2, 2}, 0.5, -1, 0, 2), lv = v(new int[] {2, 2}, 0.1, -0.3, 0, 1);
            double std = 0;
            double[] m = {0.5, -1, 0, 2}, l = {0.1, -0.3, 0, 1};
            for (int i = 0; i < 4; i++) {
                std += -0.5 * (1 + l[i] - m[i] * m[i] - Math.exp(l[i]));
            }
            assertEquals(std / 2, Losses.klStandardNormal(mu, lv).item(), 1e-9);
            Var zeros = v(new int[] {2, 2}, 0, 0, 0, 0);
            assertEquals(std / 2, Losses.klGaussian(mu, lv, zeros, zeros).item(), 1e-9);
            Var mu2 = v(new int[] {2, 2}, 1, 1, 1, 1), lv2 = v(new int[] {2, 2}, 0.5, 0.5, 0.5, 0.5);
            double kl = 0;
            for (int i = 0; i < 4; i++) {
                kl += (0.5 - l[i]) / 2 + (Math.exp(l[i]) + (m[i] - 1) * (m[i] - 1)) / (2 * Math.exp(0.5)) - 0.5;
            }
            assertEquals(kl / 2, Losses.klGaussian(mu, lv, mu2, lv2).item(), 1e-9);
        }
    }

    @Test
    void adversarialLosses() {
        try (Scope s = be.scope()) {
            Var real = v(new int[] {2}, 0.5, 2), fake = v(new int[] {2}, -1, 0.25);
            assertEquals(-0.375 - 1.25, Losses.wganCritic(real, fake).item(), 1e-12);
            assertEquals(0.375, Losses.wganGenerator(fake).item(), 1e-12);
            assertEquals((0.5 + 0) / 2 + (0 + 1.25) / 2, Losses.hingeDiscriminator(real, fake).item(), 1e-12);
            assertEquals(0.375, Losses.hingeGenerator(fake).item(), 1e-12);
            double d = -(Math.log(sigmoid(0.5)) + Math.log(sigmoid(2))) / 2
                    - (Math.log(1 - sigmoid(-1)) + Math.log(1 - sigmoid(0.25))) / 2;
            assertEquals(d, Losses.ganDiscriminator(real, fake).item(), 1e-9);
            assertEquals(-(Math.log(sigmoid(-1)) + Math.log(sigmoid(0.25))) / 2,
                    Losses.ganGeneratorNonSaturating(fake).item(), 1e-9);
        }
    }

    @Test
    void gradientPenaltyOfALinearCriticIsItsWeightNormAndTrainsTheCritic() {
        // D(x) = Σ w·x has gradient w everywhere: penalty = λ(‖w‖ − 1)², d/dw = 2λ(‖w‖ − 1)·w/‖w‖
        try (Scope s = be.scope()) {
            Var w = Var.param(be.fromDoubles(Shape.of(1, 4), 1, 2, 2, 4));
            Var real = v(new int[] {3, 4}, new double[12]), fake = v(new int[] {3, 4}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2, 3);
            Var gp = GradientPenalty.of(x -> F.sum(F.mul(x, w), false, 1), real, fake, 10f, 1, 2, 0);
            assertEquals(10 * 16, gp.item(), 1e-6);
            gp.backward();
            double[] g = w.grad().toDoubleArray();
            double[] expected = {2 * 10 * 4 * 1 / 5.0, 2 * 10 * 4 * 2 / 5.0, 2 * 10 * 4 * 2 / 5.0, 2 * 10 * 4 * 4 / 5.0};
            for (int i = 0; i < 4; i++) {
                assertEquals(expected[i], g[i], 1e-6);
            }
            assertTrue(w.grad() != null);
            w.zeroGrad();
        }
    }
}
