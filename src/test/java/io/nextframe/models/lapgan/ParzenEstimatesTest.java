package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.mnist.Digits;
import io.nextframe.data.mnist.Mnist;
import io.nextframe.layers.Resamplers;
import io.nextframe.layers.Rng;
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
        var settings = new MnistExperiment.Settings(8, 64, 256, 64, 64, 32, 16, 2e-3, GRID, 1);
        var r = MnistExperiment.run(be, LapganConfig.tiny(0), Resamplers.blockMeanBilinear(), settings);
        for (var e : List.of(r.gan(), r.lapgan(), r.multiScale())) {
            assertTrue(Double.isFinite(e.mean()) && Double.isFinite(e.std()), e.toString());
            assertEquals(64, e.points());
            for (double sg : e.sigmas()) {
                assertTrue(List.of(0.05, 0.1, 0.2, 0.4).contains(sg));
            }
        }
        assertEquals(LapganConfig.tiny(0).levels() + 1, r.multiScale().sigmas().length);
        System.out.println(r.table());
        assertEquals(5, r.table().split("\n").length);
        assertTrue(r.minNearestDistance() > 1e-3, "a sample copies a training digit: " + r.minNearestDistance());
    }

    /** At 28 px (28 → 14 → 7) the pipeline runs end to end with narrow nets and two steps. */
    @Test
    void runsAt28Pixels() {
        var cfg = new LapganConfig(1, 28, 2, 8, 16, 4, 4, 0);
        var settings = new MnistExperiment.Settings(2, 16, 64, 16, 16, 8, 16, 2e-3, GRID, 2);
        var r = MnistExperiment.run(be, cfg, Resamplers.blockMeanBilinear(), settings);
        assertTrue(Double.isFinite(r.multiScale().mean()));
        assertTrue(r.table().contains("MNIST 28 px"));
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
    void multiScaleForConditionalModelsNeedsLabels() {
        try (Lapgan m = new Lapgan(be, LapganConfig.tiny(2), Resamplers.blockMeanBilinear(), new Rng(1))) {
            assertThrows(IllegalArgumentException.class,
                    () -> ParzenEstimates.multiScale(m, new float[64], new float[64], 4, GRID, 1));
            float[] pts = flat(Mnist.bundled(Mnist.Split.TRAIN).digits(8), 0, 4);
            var e = ParzenEstimates.multiScale(m, pts, new int[] {0, 1, 0, 1}, pts, new int[] {1, 1, 0, 0}, 8, GRID,
                    1);
            assertTrue(Double.isFinite(e.mean()));
            assertEquals(4, e.points());
            assertThrows(IllegalArgumentException.class,
                    () -> ParzenEstimates.multiScale(m, pts, new int[] {0, 1, 0, 2}, pts, new int[] {1, 1, 0, 0}, 8,
                            GRID, 1));
        }
    }
}
