package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.Parameter;
import io.nextframe.layers.Rng;
import io.nextframe.layers.losses.GradientPenalty;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VideoGanTest {
    private final Backend ref = Backends.get("reference");

    /** A bright square moving right on a dark field, values in [−1, 1], shape (n, c, t, s, s). */
    static Tensor movingSquares(Backend be, DType dtype, int n, int c, int t, int s, long seed) {
        Random r = new Random(seed);
        double[] v = new double[n * c * t * s * s];
        java.util.Arrays.fill(v, -1);
        for (int i = 0; i < n; i++) {
            int x0 = r.nextInt(s / 2), y0 = r.nextInt(s - 3);
            for (int ch = 0; ch < c; ch++) {
                for (int f = 0; f < t; f++) {
                    for (int y = y0; y < y0 + 3; y++) {
                        for (int x = x0 + f / 2; x < Math.min(s, x0 + f / 2 + 3); x++) {
                            v[(((i * c + ch) * t + f) * s + y) * s + x] = 1;
                        }
                    }
                }
            }
        }
        if (dtype == DType.F64) {
            return be.fromDoubles(Shape.of(n, c, t, s, s), v);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return be.fromFloats(Shape.of(n, c, t, s, s), f);
    }

    private static long convT(int dims, int in, int out) {
        return (long) in * out * (dims == 3 ? 64 : 16) + out;
    }

    private static long linear(int in, int out) {
        return (long) in * out + out;
    }

    @Test
    void shapesAndParameterCounts() {
        int c = 3;
        VideoGanConfig cfg = VideoGanConfig.tiny(c);
        int z = cfg.noise(), w0 = cfg.width(0), w1 = cfg.width(1), cw = cfg.criticWidth();
        try (OneStreamGenerator one = new OneStreamGenerator(ref, cfg, new Rng(1));
             TwoStreamGenerator two = new TwoStreamGenerator(ref, cfg, new Rng(1));
             VideoCritic critic = new VideoCritic(ref, cfg, new Rng(1));
             VideoCritic conditional = new VideoCritic(ref, cfg, c, new Rng(1)); Scope s = ref.scope()) {
            Var noise = Var.constant(ref.zeros(2, z));
            assertEquals(Shape.of(2, c, 8, 16, 16), one.generate(noise).video().shape());
            Generated g = two.generate(noise);
            assertEquals(Shape.of(2, c, 8, 16, 16), g.video().shape());
            assertEquals(Shape.of(2, 1, 8, 16, 16), g.mask().shape());
            assertEquals(Shape.of(2, 1), critic.forward(g.video()).shape());

            // batch norm (γ, β) after the projection and after each trunk stage
            long trunk3 = linear(z, w0 * 32) + 2L * w0 + convT(3, w0, w1) + 2L * w1;
            assertEquals(trunk3 + convT(3, w1, c), one.parameterCount());
            long trunk2 = linear(z, w0 * 16) + 2L * w0 + convT(2, w0, w1) + 2L * w1;
            assertEquals(trunk3 + convT(3, w1, c) + convT(3, w1, 1) + trunk2 + convT(2, w1, c), two.parameterCount());
            // conv c→cw (8³·... → 4×8×8), conv cw→2cw (→ 2×4×4) with LayerNorm(2cw, 2, 4, 4), linear to one score
            long criticCount = (long) cw * c * 64 + cw + (long) 2 * cw * cw * 64 + 2 * cw + 2L * 2 * cw * 2 * 16
                    + linear(2 * cw * 2 * 16, 1);
            assertEquals(criticCount, critic.parameterCount());
            assertEquals(criticCount + (long) cw * c * 64, conditional.parameterCount());
        }
        VideoGanConfig paper = VideoGanConfig.paper();
        assertEquals(4, paper.stages());
        assertEquals(64, paper.width(3));
    }

    @Test
    void maskMixesForegroundAndStaticBackground() {
        VideoGanConfig cfg = VideoGanConfig.tiny(1);
        try (TwoStreamGenerator two = new TwoStreamGenerator(ref, cfg, new Rng(4)); Scope s = ref.scope()) {
            Tensor z = ref.zeros(1, cfg.noise());
            ref.fillRandom(io.nextframe.core.ops.Distribution.NORMAL, 1, 0, 0, 0f, 1f, z);
            Generated g = two.generate(Var.constant(z));
            float[] m = g.mask().value().toFloatArray();
            for (float v : m) {
                assertTrue(v > 0 && v < 1);
            }
            float[] v = g.video().value().toFloatArray();
            for (float x : v) {
                assertTrue(x >= -1 && x <= 1);
            }
        }
    }

    /** The penalty's gradient w.r.t. critic weights (a double backward) against central differences, in F64. */
    @Test
    void gradientPenaltyMatchesFiniteDifferences() {
        VideoGanConfig cfg = new VideoGanConfig(1, 8, 16, 4, 4, 2, true);
        try (VideoCritic critic = new VideoCritic(ref, cfg, new Rng(2)); Scope s = ref.scope()) {
            critic.to(DType.F64);
            Var real = Var.constant(movingSquares(ref, DType.F64, 2, 1, 8, 16, 1));
            Var fake = Var.constant(movingSquares(ref, DType.F64, 2, 1, 8, 16, 2));
            java.util.function.DoubleSupplier penalty = () -> {
                try (Scope inner = ref.scope()) {
                    return GradientPenalty.of(critic::forward, real, fake, 10f, 3, 1, 0).item();
                }
            };
            Var gp = GradientPenalty.of(critic::forward, real, fake, 10f, 3, 1, 0);
            gp.backward();
            assertTrue(gp.item() > 0);
            Random r = new Random(5);
            int checked = 0;
            for (Map.Entry<String, Parameter> e : critic.namedParameters().entrySet()) {
                Parameter p = e.getValue();
                double[] w = p.value().toDoubleArray();
                // biases that only shift scores (the score's, LayerNorm's) do not reach ∇ₓD: no gradient, FD 0
                double[] analytic = p.grad() == null ? new double[w.length] : p.grad().toDoubleArray();
                for (int k = 0; k < 6; k++) {
                    int i = r.nextInt(w.length);
                    double h = 1e-6, old = w[i];
                    w[i] = old + h;
                    ref.copy(ref.fromDoubles(p.value().shape(), w), p.value());
                    double up = penalty.getAsDouble();
                    w[i] = old - h;
                    ref.copy(ref.fromDoubles(p.value().shape(), w), p.value());
                    double down = penalty.getAsDouble();
                    w[i] = old;
                    ref.copy(ref.fromDoubles(p.value().shape(), w), p.value());
                    double fd = (up - down) / (2 * h);
                    assertEquals(fd, analytic[i], 1e-5 * Math.max(1, Math.abs(fd)), e.getKey() + "[" + i + "]");
                    checked++;
                }
            }
            assertTrue(checked >= 6 * 6, "checked " + checked);
        }
    }

    /** With the other player frozen, each player's loss falls: critic (with GP) and generator (with mask L1). */
    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void playersLearnWithGradientPenalty(String name) {
        Backend be = Backends.get(name);
        VideoGanConfig cfg = VideoGanConfig.tiny(1);
        for (boolean trainCritic : new boolean[] {true, false}) {
            try (TwoStreamGenerator g = new TwoStreamGenerator(be, cfg, new Rng(1));
                 VideoCritic d = new VideoCritic(be, cfg, new Rng(2));
                 WganTrainer t = new WganTrainer(g, d, WganTrainer.Settings.gp(), 7); Scope s = be.scope()) {
                (trainCritic ? t.generatorOptimizer() : t.criticOptimizer()).setLr(0);
                Var real = Var.constant(movingSquares(be, DType.F32, 4, 1, 8, 16, 3));
                double first = 0, last = 0;
                int steps = 8;
                for (int i = 0; i < steps; i++) {
                    double v = trainCritic ? t.criticStep(real)[0] : t.generatorStep(4);
                    if (i < 2) {
                        first += v / 2;
                    }
                    if (i >= steps - 2) {
                        last += v / 2;
                    }
                }
                assertTrue(last < first, name + (trainCritic ? " critic " : " generator ") + first + " → " + last);
            }
        }
    }

    @Test
    void weightClippingVariantKeepsCriticWeightsBounded() {
        VideoGanConfig cfg = new VideoGanConfig(1, 8, 16, 6, 8, 4, false);
        try (OneStreamGenerator g = new OneStreamGenerator(ref, cfg, new Rng(1));
             VideoCritic d = new VideoCritic(ref, cfg, new Rng(2));
             WganTrainer t = new WganTrainer(g, d, WganTrainer.Settings.weightClipping(), 7); Scope s = ref.scope()) {
            Var real = Var.constant(movingSquares(ref, DType.F32, 2, 1, 8, 16, 3));
            WganTrainer.Losses3 l = t.iteration(() -> real);
            assertEquals(0, l.penalty());
            assertTrue(Double.isFinite(l.critic()) && Double.isFinite(l.generator()));
            assertEquals(5, t.criticOptimizer().steps());
            assertEquals(1, t.generatorOptimizer().steps());
            for (Parameter p : d.parameters()) {
                for (float v : p.value().toFloatArray()) {
                    assertTrue(Math.abs(v) <= 0.01f + 1e-7f, "weight " + v);
                }
            }
        }
    }

    @Test
    void checkpointRoundTrip(@TempDir Path dir) throws Exception {
        VideoGanConfig cfg = VideoGanConfig.tiny(1);
        Path f = dir.resolve("g.safetensors");
        try (TwoStreamGenerator a = new TwoStreamGenerator(ref, cfg, new Rng(1));
             TwoStreamGenerator b = new TwoStreamGenerator(ref, cfg, new Rng(2)); Scope s = ref.scope()) {
            Checkpoint.save(f, a, Map.of());
            assertTrue(Checkpoint.load(f, b, true).clean());
            Tensor z = ref.zeros(2, cfg.noise());
            ref.fillRandom(io.nextframe.core.ops.Distribution.NORMAL, 1, 0, 0, 0f, 1f, z);
            assertArrayEquals(a.generate(Var.constant(z)).video().value().toFloatArray(),
                    b.generate(Var.constant(z)).video().value().toFloatArray());
        }
    }

    @Test
    void badInputFailsBeforeCompute() {
        VideoGanConfig cfg = VideoGanConfig.tiny(1);
        try (OneStreamGenerator g = new OneStreamGenerator(ref, cfg, new Rng(1));
             VideoCritic d = new VideoCritic(ref, cfg, new Rng(2)); Scope s = ref.scope()) {
            var e = assertThrows(IllegalArgumentException.class, () -> g.generate(Var.constant(ref.zeros(2, 7))));
            assertTrue(e.getMessage().contains("expected (B, 6)"), e.getMessage());
            for (int[] dims : List.of(new int[] {2, 3, 8, 16, 16}, new int[] {2, 1, 4, 16, 16},
                    new int[] {2, 1, 8, 32, 32}, new int[] {2, 1, 16, 16})) {
                var x = assertThrows(IllegalArgumentException.class, () -> d.forward(Var.constant(ref.zeros(dims))));
                assertTrue(x.getMessage().contains("expected (B, 1, 8, 16, 16)"), x.getMessage());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new VideoGanConfig(1, 16, 16, 6, 8, 4, true));
        assertThrows(IllegalArgumentException.class, () -> new VideoGanConfig(1, 8, 24, 6, 8, 4, true));
    }
}
