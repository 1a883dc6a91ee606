package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.shapes.Shapes;
import io.nextframe.layers.Rng;
import io.nextframe.models.crossconv.CrossConvConfig;
import io.nextframe.models.crossconv.CrossConvFiles;
import io.nextframe.models.crossconv.CrossConvNet;
import io.nextframe.models.crossconv.CrossConvSettings;
import io.nextframe.models.crossconv.CrossConvTrainer;
import io.nextframe.models.crossconv.LatentBank;
import io.nextframe.models.crossconv.VelocityExperiment;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Cross Convolutional Network behind the Predictor API: z choices, counter-based samples, streaming. */
class CrossConvPredictorTest {
    private static final Backend B = Backends.get("simd");
    private static final CrossConvConfig C = CrossConvConfig.tiny();

    private static CrossConvPredictor predictor(int bank) {
        CrossConvNet net = new CrossConvNet(B, C, new Rng(4));
        LatentBank b = new LatentBank(C.zSize());
        SplittableRandom r = new SplittableRandom(2);
        for (int i = 0; i < bank; i++) {
            float[] z = new float[C.zSize()];
            for (int j = 0; j < z.length; j++) {
                z[j] = (float) (3 * r.nextDouble() - 1.5);
            }
            b.add(z);
        }
        net.eval();
        return new CrossConvPredictor(new CrossConvFiles.Loaded(net, CrossConvSettings.of(C,
                CrossConvTrainer.Mode.CVAE), Map.of("model", "crossconv"), b));
    }

    private static Clip clip(int frames) {
        Clip pair = new Shapes(Shapes.Config.defaults().withSize(C.inputSize()), 6).pair(3).frames();
        float[] d = new float[frames * pair.frameSize()];
        for (int t = 0; t < frames; t++) {
            System.arraycopy(pair.frame(t % 2), 0, d, t * pair.frameSize(), pair.frameSize());
        }
        return new Clip(frames, 3, C.inputSize(), C.inputSize(), d);
    }

    @Test
    void samplesAreCounterBasedAndTheZChoicesDiffer() {
        try (CrossConvPredictor p = predictor(5)) {
            assertEquals(VelocityExperiment.ZSource.EMPIRICAL, p.zSource());
            Clip c = clip(1);
            float[] three = p.predict(c, new PredictOptions(1, 2, 3, 9, Latent.SAMPLE));
            int per = 2 * 3 * C.inputSize() * C.inputSize();
            assertEquals(3 * per, three.length);
            float[] one = p.predict(c, new PredictOptions(1, 2, 1, 9, Latent.SAMPLE));
            assertArrayEquals(one, Arrays.copyOf(three, per), "sample 0 does not depend on K");
            for (float v : three) {
                assertTrue(v >= 0 && v <= 1);
            }
            float[] mean = p.predict(c, new PredictOptions(1, 1, 2, 9, Latent.MEAN));
            assertArrayEquals(Arrays.copyOf(mean, mean.length / 2), Arrays.copyOfRange(mean, mean.length / 2,
                    mean.length), "z = 0 for every sample");
            float[] zEmp = p.latents(c, new PredictOptions(1, 1, 2, 9, Latent.SAMPLE));
            p.setZSource(VelocityExperiment.ZSource.PRIOR);
            float[] zPrior = p.latents(c, new PredictOptions(1, 1, 2, 9, Latent.SAMPLE));
            assertFalse(Arrays.equals(zEmp, zPrior));
            for (int s = 0; s < 2; s++) {
                float[] row = Arrays.copyOfRange(zEmp, s * C.zSize(), (s + 1) * C.zSize());
                boolean stored = false;
                for (int i = 0; i < 5; i++) {
                    stored |= Arrays.equals(row, p.model().bank().get(i));
                }
                assertTrue(stored, "empirical z are stored rows");
            }
        }
        try (CrossConvPredictor p = predictor(0)) {
            assertEquals(VelocityExperiment.ZSource.PRIOR, p.zSource());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.setZSource(VelocityExperiment.ZSource.EMPIRICAL));
            assertTrue(e.getMessage().contains("stores no training z"), e.getMessage());
        }
    }

    @Test
    void streamingEqualsBatchPredictionForOneTwoAndThreeContextFrames() {
        try (CrossConvPredictor p = predictor(4)) {
            Clip c = clip(3);
            for (Latent l : Latent.values()) {
                for (int past = 1; past <= 3; past++) {
                    float[] batch = p.predict(c, new PredictOptions(past, 2, 2, 31, l));
                    try (PredictionSession s = p.openSession(2, 31, l)) {
                        for (int t = 0; t < past; t++) {
                            s.observe(c.frame(t));
                        }
                        assertArrayEquals(batch, s.predict(2), l + " past " + past);
                        assertArrayEquals(batch, s.predict(2), "predicting does not change the session");
                    }
                }
            }
        }
    }

    @Test
    void zFilesOfAnotherShapeAreNamedErrors() {
        try (CrossConvPredictor p = predictor(1)) {
            int z = C.zSize();
            assertEquals(1, p.zRows(new long[] {z}, new float[z], "z"));
            assertEquals(3, p.zRows(new long[] {3, z}, new float[3 * z], "z"));
            assertEquals(2, p.zRows(new long[] {2, C.zChannels(), C.kernelSize(), C.kernelSize()}, new float[2 * z],
                    "z"));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> p.zRows(new long[] {2, z + 1}, new float[2 * z + 2], "z.npy"));
            assertTrue(e.getMessage().contains("z.npy") && e.getMessage().contains("(N, " + z + ")"), e.getMessage());
            float[] bad = new float[z];
            bad[3] = Float.NaN;
            e = assertThrows(IllegalArgumentException.class, () -> p.zRows(new long[] {z}, bad, "z.npy"));
            assertTrue(e.getMessage().contains("value 3"), e.getMessage());
        }
    }
}
