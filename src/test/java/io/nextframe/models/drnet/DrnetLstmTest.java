package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.models.train.CheckpointStore;
import io.nextframe.models.train.LossLog;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pose LSTM on frozen DrNET networks, its self-contained file and the predictor. */
class DrnetLstmTest {
    private static final Backend REF = Backends.get("reference");
    private static DrnetModel drnet;

    @TempDir
    static Path shared;

    @BeforeAll
    static void trainDrnet() throws Exception {
        drnet = DrnetRun.train(REF, DrnetTestData.tiny("dcgan_unet").withLosses(1, 0.1, "bce", true),
                DrnetTestData.mmnist(4, 8), 3, 0, shared.resolve("drnet"), 2, false, DrnetTestData.QUIET).model();
    }

    @org.junit.jupiter.api.AfterAll
    static void close() {
        drnet.close();
    }

    /** 2 + 2 frames, 2 × 16 LSTM, lr 0.01, batch 4. */
    private static DrnetLstmConfig tinyLstm() {
        return DrnetLstmConfig.code(drnet.config()).withSizes(16, 2).withTraining(2, 2, 0.01, 4);
    }

    private static float[] clips(ClipSource data, int n) {
        int size = data.frames() * data.channels() * 64 * 64;
        float[] v = new float[n * size];
        for (int i = 0; i < n; i++) {
            System.arraycopy(data.clip(i).data(), 0, v, i * size, size);
        }
        return v;
    }

    @Test
    void lstmTrainingReducesThePoseLossAndLeavesTheNetworksFrozen(@TempDir Path dir) throws Exception {
        DrnetLstmConfig c = tinyLstm();
        try (DrnetLstmRun.Result r = DrnetLstmRun.train(REF, c, drnet, DrnetTestData.mmnist(4, 4), 10, 0, dir, 3,
                false, DrnetTestData.QUIET)) {
            List<LossLog.Row> rows = r.run().rows();
            double first = (rows.get(0).loss() + rows.get(1).loss()) / 2;
            double last = (rows.get(8).loss() + rows.get(9).loss()) / 2;
            assertTrue(last < first, "pose MSE " + first + " → " + last);
            // frozen: weights and BatchNorm statistics of netEC, netEP and netD are the DrNET's, bit for bit
            drnet.stateDict().forEach((k, t) -> {
                if (!k.startsWith("netC.")) {
                    assertArrayEquals(t.toFloatArray(), r.model().stateDict().get(k).toFloatArray(), k);
                }
            });
        }
    }

    @Test
    void aDrnetLstmFilePredictsAlone(@TempDir Path dir) throws Exception {
        DrnetLstmConfig c = tinyLstm();
        ClipSource data = DrnetTestData.mmnist(6, 3);
        float[] input = clips(data, 3);
        int[] shape = {3, 6, 3, 64, 64};
        float[] expected;
        try (DrnetLstmRun.Result r = DrnetLstmRun.train(REF, c, drnet, DrnetTestData.mmnist(4, 4), 2, 0, dir, 3,
                false, DrnetTestData.QUIET)) {
            DrnetFiles.save(r.model(), dir.resolve("lstm.safetensors"));
            expected = new DrnetPredictor(r.model()).predict(input, shape, 2, 5);
        }
        assertEquals("drnet-lstm", DrnetFiles.kind(dir.resolve("lstm.safetensors")));
        for (Path p : new Path[] {dir.resolve("lstm.safetensors"), dir.resolve(CheckpointStore.FILE)}) {
            DrnetPredictor back = DrnetFiles.loadPredictor(p, REF);
            try (DrnetLstmModel m = back.model()) {
                assertEquals(c, m.config());
                float[] again = back.predict(input, shape, 2, 5);
                assertArrayEquals(expected, again, "deterministic and the same after a save/load");
                assertEquals(3 * 5 * 3 * 64 * 64, again.length);
                // one clip alone gives the same frames as inside the batch (running BatchNorm statistics)
                float[] one = new float[6 * 3 * 64 * 64];
                System.arraycopy(input, one.length, one, 0, one.length);
                float[] alone = back.predict(one, new int[] {1, 6, 3, 64, 64}, 2, 5);
                for (int i = 0; i < alone.length; i++) {
                    assertEquals(expected[5 * 3 * 64 * 64 + i], alone[i], 1e-6);
                }
                for (float v : again) {
                    assertTrue(v >= 0 && v <= 1);
                }
            }
        }
        try (DrnetCodec codec = DrnetFiles.loadCodec(dir.resolve("lstm.safetensors"), REF)) {
            assertTrue(codec instanceof DrnetLstmModel);
        }
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> DrnetFiles.loadDrnet(dir.resolve("lstm.safetensors"), REF));
        assertTrue(e.getMessage().contains("holds model 'drnet-lstm', expected 'drnet'"), e.getMessage());
    }

    @Test
    void theCommandLinesPredictorAndItsSessionGiveTheBatchPrediction(@TempDir Path dir) throws Exception {
        ClipSource data = DrnetTestData.mmnist(5, 1);
        Clip clip = data.clip(0);
        float[] expected;
        try (DrnetLstmModel m = new DrnetLstmModel(REF, tinyLstm(), 4).adopt(drnet)) {
            DrnetFiles.save(m, dir.resolve("l.safetensors"));
            expected = new DrnetPredictor(m).predict(clip.data(), new int[] {1, 5, 3, 64, 64}, 3, 4);
            DrnetFiles.save(drnet, dir.resolve("d.safetensors"));
        }
        try (io.nextframe.models.api.Predictor p = io.nextframe.models.api.Predictors.load(
                dir.resolve("l.safetensors"), REF, io.nextframe.models.api.Predictors.OpenOptions.defaults())) {
            assertEquals("drnet-lstm", p.kind());
            assertEquals(2, p.trainedPast());
            float[] twice = p.predict(clip, new io.nextframe.models.api.PredictOptions(3, 4, 2, 0,
                    io.nextframe.models.api.Latent.MEAN));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], twice[i], 1e-6);
                assertEquals(expected[i], twice[expected.length + i], 1e-6);
            }
            try (io.nextframe.models.api.PredictionSession s = p.openSession(1, 0,
                    io.nextframe.models.api.Latent.MEAN)) {
                for (int t = 0; t < 3; t++) {
                    s.observe(clip.frame(t));
                }
                float[] streamed = s.predict(4);
                for (int i = 0; i < expected.length; i++) {
                    assertEquals(expected[i], streamed[i], 1e-6, "value " + i);
                }
                assertArrayEquals(streamed, s.predict(4), "predict leaves the session unchanged");
                assertThrows(IllegalArgumentException.class, () -> s.observe(new float[10]));
            }
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> io.nextframe.models.api.Predictors
                .load(dir.resolve("d.safetensors"), REF, io.nextframe.models.api.Predictors.OpenOptions.defaults()));
        assertTrue(e.getMessage().contains("pose LSTM"), e.getMessage());
    }

    @Test
    void aLongRolloutRunsInBoundedMemory() {
        try (DrnetLstmModel m = new DrnetLstmModel(REF, tinyLstm(), 4).adopt(drnet)) {
            float[] input = clips(new ClipSourceOfFrames(), 1);
            long before = REF.liveTensors();
            float[] out = new DrnetPredictor(m).predict(input, new int[] {1, 2, 3, 64, 64}, 2, 120);
            assertEquals(120 * 3 * 64 * 64, out.length);
            assertEquals(before, REF.liveTensors(), "every temporary of the rollout is freed");
        }
    }

    @Test
    void badPredictionInputIsNamedBeforeCompute() {
        try (DrnetLstmModel m = new DrnetLstmModel(REF, tinyLstm(), 4).adopt(drnet)) {
            DrnetPredictor p = new DrnetPredictor(m);
            float[] ok = new float[2 * 3 * 64 * 64];
            assertMessage("1 channels", () -> p.predict(new float[2 * 64 * 64], new int[] {1, 2, 1, 64, 64}, 2, 3));
            assertMessage("frame size 32×32", () -> p.predict(new float[2 * 3 * 32 * 32],
                    new int[] {1, 2, 3, 32, 32}, 2, 3));
            assertMessage("clips of 2 frames, at least 3", () -> p.predict(ok, new int[] {1, 2, 3, 64, 64}, 3, 3));
            assertMessage("rank 4", () -> p.predict(ok, new int[] {2, 3, 64, 64}, 1, 3));
            assertMessage("holds 24576 values, the array 24575", () -> p.predict(new float[ok.length - 1],
                    new int[] {1, 2, 3, 64, 64}, 2, 3));
            assertMessage("future 0", () -> p.predict(ok, new int[] {1, 2, 3, 64, 64}, 2, 0));
            float[] nan = ok.clone();
            nan[100] = Float.NaN;
            assertMessage("non-finite value (NaN) at flat index 100",
                    () -> p.predict(nan, new int[] {1, 2, 3, 64, 64}, 2, 3));
        }
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' should name " + part);
    }

    /** Two frames of one DrNET Moving MNIST clip. */
    private static final class ClipSourceOfFrames implements ClipSource {
        public long size() { return 1; }
        public Clip clip(long i) {
            try {
                return DrnetTestData.mmnist(2, 1).clip(0);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        public int frames() { return 2; }
        public int channels() { return 3; }
        public int height() { return 64; }
        public int width() { return 64; }
    }
}
