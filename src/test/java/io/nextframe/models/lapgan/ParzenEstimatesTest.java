package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.mnist.Digits;
import io.nextframe.data.mnist.Mnist;
import io.nextframe.layers.Resamplers;
import io.nextframe.layers.Rng;
import io.nextframe.layers.optim.Optimizer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evaluation pipeline end to end on MNIST digits at 8 px with a briefly trained tiny LAPGAN and a plain GAN:
 * σ tuned on digits held out from the TRAIN split, scored on the TEST split, a Table 4.1-shaped table, and the
 * nearest-neighbour check. The numbers of so short a run are not the thesis's; the test checks the plumbing.
 */
class ParzenEstimatesTest {
    private final Backend be = Backends.get("reference");
    private static final double[] GRID = {0.05, 0.1, 0.2, 0.4};

    private static float[] flat(Digits d, int from, int to) {
        int dim = d.side() * d.side();
        float[] out = new float[(to - from) * dim];
        for (int i = from; i < to; i++) {
            System.arraycopy(d.image(i), 0, out, (i - from) * dim, dim);
        }
        return out;
    }

    @Test
    void tableFromBrieflyTrainedModels() {
        Digits train = Mnist.bundled(Mnist.Split.TRAIN).digits(8);
        Digits test = Mnist.bundled(Mnist.Split.TEST).digits(8);
        int dim = 64;
        float[] fit = flat(train, 0, 512);
        float[] validation = flat(train, train.size() - 64, train.size());
        float[] testPoints = flat(test, 0, 64);
        LapganConfig cfg = LapganConfig.tiny(0);
        try (Lapgan lap = new Lapgan(be, cfg, Resamplers.blockMeanBilinear(), new Rng(1));
             PlainGan gan = new PlainGan(be, 1, 8, 8, 16, new Rng(1)); Scope s = be.scope()) {
            for (int level = 0; level <= cfg.levels(); level++) {
                try (LevelTrainer t = new LevelTrainer(lap, level, LevelTrainer.Method.ADAM, 2e-3, level)) {
                    for (int b = 0; b < 8; b++) {
                        try (Scope step = be.scope()) {
                            t.step(Var.constant(be.fromFloats(Shape.of(64, 1, 8, 8),
                                    java.util.Arrays.copyOfRange(fit, b * 64 * dim, (b + 1) * 64 * dim))), null);
                        }
                    }
                }
            }
            Optimizer[] opt = gan.adam(2e-3);
            for (int b = 0; b < 8; b++) {
                try (Scope step = be.scope()) {
                    gan.step(Var.constant(be.fromFloats(Shape.of(64, 1, 8, 8),
                            java.util.Arrays.copyOfRange(fit, b * 64 * dim, (b + 1) * 64 * dim))), opt[0], opt[1], 3, b);
                }
            }
            for (Optimizer o : opt) {
                o.close();
            }
            float[] lapSamples = lap.sample(256, null, 5).contiguous().toFloatArray();
            float[] ganSamples = gan.sample(256, 5).contiguous().toFloatArray();
            var eLap = ParzenEstimates.singleScale(lapSamples, validation, testPoints, dim, GRID);
            var eGan = ParzenEstimates.singleScale(ganSamples, validation, testPoints, dim, GRID);
            var eMulti = ParzenEstimates.multiScale(lap, validation, testPoints, 32, GRID, 9);
            for (var e : List.of(eLap, eGan, eMulti)) {
                assertTrue(Double.isFinite(e.mean()) && Double.isFinite(e.std()), e.toString());
                assertEquals(64, e.points());
                for (double sg : e.sigmas()) {
                    assertTrue(List.of(0.05, 0.1, 0.2, 0.4).contains(sg));
                }
            }
            assertEquals(cfg.levels() + 1, eMulti.sigmas().length);
            String table = ParzenEstimates.table("MNIST 8 px", List.of("GAN (Parzen)", "LAPGAN (Parzen)",
                    "LAPGAN (multi-scale Parzen)"), List.of(eGan, eLap, eMulti));
            System.out.println(table);
            assertEquals(5, table.split("\n").length);
            double[] nn = ParzenEstimates.nearestTrainingDistances(java.util.Arrays.copyOf(lapSamples, 32 * dim),
                    fit, dim);
            for (double d : nn) {
                assertTrue(d > 1e-3, "a sample copies a training digit: distance " + d);
            }
        }
    }

    @Test
    void parzenOfTheDataItselfBeatsNoise() {
        Digits train = Mnist.bundled(Mnist.Split.TRAIN).digits(8);
        float[] samples = flat(train, 0, 400);
        float[] validation = flat(train, 400, 464);
        float[] noise = new float[samples.length];
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = r.nextFloat();
        }
        Digits test = Mnist.bundled(Mnist.Split.TEST).digits(8);
        float[] t = flat(test, 0, 64);
        double data = ParzenEstimates.singleScale(samples, validation, t, 64, GRID).mean();
        double rnd = ParzenEstimates.singleScale(noise, validation, t, 64, GRID).mean();
        assertTrue(data > rnd + 10, data + " vs " + rnd);
        double[] copies = ParzenEstimates.nearestTrainingDistances(flat(train, 3, 5), samples, 64);
        assertEquals(0, copies[0], 1e-9);
    }

    @Test
    void multiScaleRejectsConditionalModels() {
        try (Lapgan m = new Lapgan(be, LapganConfig.tiny(2), Resamplers.blockMeanBilinear(), new Rng(1))) {
            assertThrows(IllegalArgumentException.class,
                    () -> ParzenEstimates.multiScale(m, new float[64], new float[64], 4, GRID, 1));
        }
    }
}
