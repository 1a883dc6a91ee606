package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.LoadReport;
import io.nextframe.layers.Resamplers;
import io.nextframe.layers.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LapganTest {
    private final Backend ref = Backends.get("reference");

    private static Tensor images(Backend be, int n, int side, long seed) {
        // smooth blobs in [0, 1] so every pyramid band carries signal
        float[] v = new float[n * side * side];
        java.util.Random r = new java.util.Random(seed);
        for (int i = 0; i < n; i++) {
            double cx = r.nextDouble() * side, cy = r.nextDouble() * side;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy);
                    v[(i * side + y) * side + x] = (float) Math.exp(-d2 / (side * 0.5));
                }
            }
        }
        return be.fromFloats(Shape.of(n, 1, side, side), v);
    }

    @Test
    void sampleShapesAndDeterminism() {
        for (int classes : new int[] {0, 3}) {
            LapganConfig cfg = LapganConfig.tiny(classes);
            int[] labels = classes == 0 ? null : new int[] {0, 2, 1};
            try (Lapgan m = new Lapgan(ref, cfg, Resamplers.blockMeanBilinear(), new Rng(1)); Scope s = ref.scope()) {
                Tensor a = m.sample(3, labels, 7);
                assertEquals(Shape.of(3, 1, 8, 8), a.shape());
                assertArrayEquals(a.toFloatArray(), m.sample(3, labels, 7).toFloatArray());
                assertFalse(java.util.Arrays.equals(a.toFloatArray(), m.sample(3, labels, 8).toFloatArray()));
            }
        }
    }

    @Test
    void parameterCountsMatchTheFormula() {
        int c = 1, k = 3, w = 4, dw = 4, h = 16, z = 8;
        LapganConfig cfg = LapganConfig.tiny(k);
        try (Lapgan m = new Lapgan(ref, cfg, Resamplers.blockMeanBilinear(), new Rng(1))) {
            for (int level = 0; level < cfg.levels(); level++) {
                int s = cfg.sideAt(level);
                long g = (long) ((1 + c + k) * 9 + 1) * w + (w * 9 + 1) * w + (w * 9 + 1) * c;
                long d = (long) ((2 * c + k) * 9 + 1) * dw + (dw * 9 + 1) * dw + (long) dw * s * s + 1;
                assertEquals(g, m.generator(level).parameterCount(), "g" + level);
                assertEquals(d, m.discriminator(level).parameterCount(), "d" + level);
            }
            int s2 = cfg.coarseSide() * cfg.coarseSide();
            assertEquals((long) (z + k + 1) * h + (h + 1) * h + (long) (h + 1) * c * s2,
                    m.coarseGenerator().parameterCount());
            assertEquals((long) (c * s2 + k + 1) * h + (h + 1) * h + h + 1, m.coarseDiscriminator().parameterCount());
        }
    }

    /** With the other player frozen, each player's loss must fall on a fixed batch, at every level. */
    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void eachLevelsPlayersLearn(String backendName) {
        Backend be = Backends.get(backendName);
        LapganConfig cfg = LapganConfig.tiny(0);
        for (int level = 0; level <= cfg.levels(); level++) {
            for (boolean trainD : new boolean[] {true, false}) {
                try (Lapgan m = new Lapgan(be, cfg, Resamplers.blockMeanBilinear(), new Rng(3));
                     LevelTrainer t = new LevelTrainer(m, level, LevelTrainer.Method.ADAM, 0.01, 5);
                     Scope s = be.scope()) {
                    (trainD ? t.generatorOptimizer() : t.discriminatorOptimizer()).setLr(0);
                    Var x = Var.constant(images(be, 8, 8, 11));
                    double first = 0, last = 0;
                    int steps = 25;
                    for (int i = 0; i < steps; i++) {
                        LevelTrainer.StepLosses l = t.step(x, null);
                        double v = trainD ? l.discriminator() : l.generator();
                        if (i < 3) {
                            first += v / 3;
                        }
                        if (i >= steps - 3) {
                            last += v / 3;
                        }
                    }
                    assertTrue(last < first, backendName + " level " + level + (trainD ? " D" : " G") + ": "
                            + first + " → " + last);
                }
            }
        }
    }

    @Test
    void sgdScheduleFollowsTheReferenceCode() {
        try (Lapgan m = new Lapgan(ref, LapganConfig.tiny(0), Resamplers.blockMeanBilinear(), new Rng(3));
             LevelTrainer t = new LevelTrainer(m, 0, LevelTrainer.Method.SGD_MOMENTUM_SCHEDULE, 0.02, 5)) {
            t.setEpoch(100);
            assertEquals(0.02 / Math.pow(1.000004, 100), t.generatorOptimizer().lr(), 1e-12);
            assertEquals(0.58, ((io.nextframe.layers.optim.Sgd) t.discriminatorOptimizer()).momentum(), 1e-12);
            t.setEpoch(10_000);
            assertEquals(0.7, ((io.nextframe.layers.optim.Sgd) t.generatorOptimizer()).momentum(), 1e-12);
            try (Scope s = ref.scope()) {
                LevelTrainer.StepLosses l = t.step(Var.constant(images(ref, 4, 8, 1)), null);
                assertTrue(Double.isFinite(l.discriminator()) && Double.isFinite(l.generator()));
            }
        }
    }

    @Test
    void fixedNoiseVaryingCoarseInput() {
        LapganConfig cfg = LapganConfig.tiny(0);
        try (Lapgan m = new Lapgan(ref, cfg, Resamplers.binomial5(), new Rng(2)); Scope s = ref.scope()) {
            Var c1 = Var.constant(images(ref, 2, 2, 1));
            Var c2 = Var.constant(images(ref, 2, 2, 2));
            float[] a = m.refine(c1, null, 9).toFloatArray();
            assertArrayEquals(a, m.refine(c1, null, 9).toFloatArray());
            assertFalse(java.util.Arrays.equals(a, m.refine(c2, null, 9).toFloatArray()));
            assertFalse(java.util.Arrays.equals(a, m.refine(c1, null, 10).toFloatArray()));
        }
    }

    @Test
    void checkpointRoundTrip(@TempDir Path dir) throws Exception {
        LapganConfig cfg = LapganConfig.tiny(2);
        Path f = dir.resolve("lapgan.safetensors");
        int[] labels = {1, 0};
        try (Lapgan a = new Lapgan(ref, cfg, Resamplers.blockMeanBilinear(), new Rng(1));
             Lapgan b = new Lapgan(ref, cfg, Resamplers.blockMeanBilinear(), new Rng(99)); Scope s = ref.scope()) {
            Checkpoint.save(f, a, Map.of("model", "lapgan"));
            float[] before = b.sample(2, labels, 3).toFloatArray();
            LoadReport r = Checkpoint.load(f, b, true);
            assertTrue(r.clean(), r.toString());
            float[] expected = a.sample(2, labels, 3).toFloatArray();
            assertFalse(java.util.Arrays.equals(before, expected));
            assertArrayEquals(expected, b.sample(2, labels, 3).toFloatArray());
        }
    }

    @Test
    void badInputFailsBeforeCompute() {
        LapganConfig cfg = LapganConfig.tiny(0);
        try (Lapgan m = new Lapgan(ref, cfg, Resamplers.blockMeanBilinear(), new Rng(1));
             LevelTrainer t = new LevelTrainer(m, 0, LevelTrainer.Method.ADAM, 1e-3, 1); Scope s = ref.scope()) {
            var wrongSide = assertThrows(IllegalArgumentException.class,
                    () -> t.step(Var.constant(ref.zeros(2, 1, 16, 16)), null));
            assertTrue(wrongSide.getMessage().contains("expected (B, 1, 8, 8)"), wrongSide.getMessage());
            var wrongChannels = assertThrows(IllegalArgumentException.class,
                    () -> t.step(Var.constant(ref.zeros(2, 3, 8, 8)), null));
            assertTrue(wrongChannels.getMessage().contains("(2, 3, 8, 8)") || wrongChannels.getMessage()
                    .contains("[2, 3, 8, 8]"), wrongChannels.getMessage());
            assertThrows(IllegalArgumentException.class, () -> t.step(Var.constant(ref.zeros(2, 1, 8, 8)),
                    new int[] {0, 1}));
            assertThrows(IllegalArgumentException.class, () -> m.refine(Var.constant(ref.zeros(2, 1, 4, 4)), null, 1));
            assertEquals(0, t.discriminatorOptimizer().steps());
        }
        try (Lapgan c = new Lapgan(ref, LapganConfig.tiny(3), Resamplers.blockMeanBilinear(), new Rng(1))) {
            assertThrows(IllegalArgumentException.class, () -> c.sample(2, new int[] {0, 3}, 1));
            assertThrows(IllegalArgumentException.class, () -> c.sample(2, null, 1));
        }
        assertThrows(IllegalArgumentException.class, () -> new LapganConfig(1, 28, 3, 8, 8, 4, 4, 0));
    }

    @Test
    void sampleGridsAreWritten(@TempDir Path dir) throws Exception {
        try (Lapgan m = new Lapgan(ref, LapganConfig.tiny(2), Resamplers.blockMeanBilinear(), new Rng(1));
             Lapgan u = new Lapgan(ref, LapganConfig.tiny(0), Resamplers.blockMeanBilinear(), new Rng(1))) {
            var img = SampleGrids.samples(m, 2, 5, 1).scale(2).render();
            assertTrue(img.getWidth() >= 5 * 16 && img.getHeight() >= 2 * 16);
            Path f = dir.resolve("demo.png");
            SampleGrids.coarseVariation(u, java.util.List.of(new float[4], new float[] {1, 0, 0, 1}), 3).write(f);
            assertTrue(java.nio.file.Files.size(f) > 0);
            assertThrows(IllegalArgumentException.class,
                    () -> SampleGrids.coarseVariation(u, java.util.List.of(new float[5]), 3));
        }
    }

    /** The reference code's level kernels at 28 px: counts by formula and a finite step per level with dropout. */
    @Test
    void referenceArchitectureAt28Pixels() {
        int w = 4;
        LapganConfig cfg = new LapganConfig(1, 28, 2, 8, 16, w, w, 0, LevelArch.REFERENCE, 0.5f);
        try (Lapgan m = new Lapgan(ref, cfg, Resamplers.binomial5(), new Rng(1)); Scope s = ref.scope()) {
            for (int level = 0; level < cfg.levels(); level++) {
                int side = cfg.sideAt(level);
                int o = ((side - 4) - 5) / 2 + 1; // 5×5 valid, then 5×5 stride-2 valid
                assertEquals((long) (2 * 49 + 1) * w + (w * 49 + 1) * w + (w * 25 + 1),
                        m.generator(level).parameterCount(), "g" + level);
                assertEquals((long) (2 * 25 + 1) * w + (w * 25 + 1) * w + (long) w * o * o + 1,
                        m.discriminator(level).parameterCount(), "d" + level);
            }
            Var x = Var.constant(images(ref, 4, 28, 3));
            for (int level = 0; level <= cfg.levels(); level++) {
                try (LevelTrainer t = new LevelTrainer(m, level, LevelTrainer.Method.SGD_MOMENTUM_SCHEDULE, 0.02,
                        level)) {
                    LevelTrainer.StepLosses l = t.step(x, null);
                    assertTrue(Double.isFinite(l.discriminator()) && Double.isFinite(l.generator()));
                }
            }
            assertEquals(Shape.of(2, 1, 28, 28), m.sample(2, null, 1).shape());
        }
        var e = assertThrows(IllegalArgumentException.class,
                () -> new LapganConfig(1, 16, 2, 8, 16, 4, 4, 0, LevelArch.REFERENCE, 0f));
        assertTrue(e.getMessage().contains("≥ 9 px"), e.getMessage());
        assertEquals(LevelArch.REFERENCE, LapganConfig.mnist28().arch());
    }
}
