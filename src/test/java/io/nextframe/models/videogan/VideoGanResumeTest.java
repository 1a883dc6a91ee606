package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.layers.Checkpoint;
import io.nextframe.models.train.CheckpointStore;
import io.nextframe.models.train.LossLog;
import io.nextframe.models.train.TrainLoop;
import io.nextframe.testing.TestBackends;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The video GANs on the shared training loop: K iterations in one run equal K/2, a checkpoint and a resumed K/2, bit
 * for bit (loss rows with the critic's columns, every weight of every player), for the two-stream WGAN-GP, the
 * one-stream weight-clipping WGAN and the photo-conditioned model, over an epoch boundary of a finite, shuffled clip set (of another size: resized).
 */
class VideoGanResumeTest {
    private static final VideoGanConfig CFG = new VideoGanConfig(1, 4, 8, 4, 4, 2, true);
    private static final int STEPS = 4;
    private static final WganTrainer.Settings SETTINGS = new WganTrainer.Settings(WganTrainer.Variant.GP, 1e-3,
            0.5, 0.9, 2, 10f, 0f, 0.1f);

    /** 10 clips of 6 frames × 12 × 12: a square moving right, a different start per clip. */
    static ClipSource clips() {
        return new ClipSource() {
            public long size() { return 10; }
            public Clip clip(long index) {
                Clip c = Clip.zeros(6, 1, 12, 12);
                for (int t = 0; t < 6; t++) {
                    for (int y = 3; y < 7; y++) {
                        for (int x = 0; x < 4; x++) {
                            c.data()[t * 144 + y * 12 + (int) ((index + t + x) % 12)] = 1f;
                        }
                    }
                }
                return c;
            }
            public int frames() { return 6; }
            public int channels() { return 1; }
            public int height() { return 12; }
            public int width() { return 12; }
        };
    }

    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());

    private static Map<String, HostTensor> train(Backend be, String kind, WganTrainer.Settings settings, Path out,
                                                 long steps, boolean resume) throws IOException {
        if (kind.equals(VideoGanFiles.TWO_STREAM_CONDITIONAL)) {
            try (VideoGanRun.ConditionalResult r = VideoGanRun.trainConditional(be, CFG, clips(), 2, steps, settings,
                    10f, 4, 100, out, resume, QUIET)) {
                assertEquals(resume ? STEPS / 2 : 0, r.run().firstStep());
                return r.model().hostStateDict();
            }
        }
        try (VideoGanRun.Result r = VideoGanRun.train(be, kind, CFG, clips(), 2, steps, settings, 4, 100, out,
                resume, QUIET)) {
            assertEquals(resume ? STEPS / 2 : 0, r.run().firstStep());
            return r.model().hostStateDict();
        }
    }

    private static void resumeIsExact(Backend be, Path dir, String kind, WganTrainer.Settings settings,
                                      List<String> columns) throws IOException {
        Map<String, HostTensor> full = train(be, kind, settings, dir.resolve("a"), STEPS, false);
        Map<String, HostTensor> half = train(be, kind, settings, dir.resolve("b"), STEPS / 2, false);
        Map<String, HostTensor> resumed = train(be, kind, settings, dir.resolve("b"), STEPS, true);
        boolean gp = settings.variant() == WganTrainer.Variant.GP;
        boolean mask = !kind.equals(VideoGanFiles.ONE_STREAM);

        List<LossLog.Row> a = LossLog.read(dir.resolve("a").resolve(LossLog.FILE));
        List<LossLog.Row> b = LossLog.read(dir.resolve("b").resolve(LossLog.FILE));
        assertEquals(columns, LossLog.readColumns(dir.resolve("a").resolve(LossLog.FILE)));
        assertEquals(STEPS, a.size());
        assertEquals(STEPS, b.size());
        for (int i = 0; i < STEPS; i++) {
            assertEquals(Double.doubleToRawLongBits(a.get(i).loss()), Double.doubleToRawLongBits(b.get(i).loss()),
                    "step " + (i + 1) + ": " + a.get(i).loss() + " vs " + b.get(i).loss());
            assertEquals(a.get(i).extras(), b.get(i).extras(), "step " + (i + 1));
            List<Double> e = a.get(i).extras();
            assertTrue(gp ? e.get(2) > 0 : e.get(2) == 0, "the gradient penalty is logged (GP only): " + e);
            // loss_d = −wasserstein + penalty (means over the n_critic updates)
            assertEquals(e.get(0), -e.get(1) + e.get(2), 1e-5 * (1 + Math.abs(e.get(0))));
            assertTrue(mask ? e.get(3) > 0 : e.get(3) == 0, "the two-stream mask's L1 term is logged: " + e);
        }
        assertEquals(full.keySet(), resumed.keySet());
        full.forEach((k, t) -> assertArrayEquals(t.data(), resumed.get(k).data(), k));
        assertTrue(full.keySet().stream().anyMatch(k -> !Arrays.equals(full.get(k).data(), half.get(k).data())));
        assertTrue(full.keySet().stream().anyMatch(k -> k.startsWith("critic.")), full.keySet().toString());

        Path ckpt = dir.resolve("a").resolve(CheckpointStore.FILE);
        Map<String, String> meta = Checkpoint.metadata(ckpt);
        assertEquals(kind, meta.get("model"));
        assertEquals(Integer.toString(STEPS), meta.get("train.step"));
        var keys = SafeTensors.readAll(ckpt).keySet();
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("optim.adam.")), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("optim." + VideoGanRun.CRITIC + ".")), keys.toString());
        assertTrue(Files.size(dir.resolve("a").resolve(TrainLoop.PLOT)) > 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd", "opencl"})
    void twoStreamWganGpResumesBitwise(String backend, @TempDir Path dir) throws IOException {
        resumeIsExact(TestBackends.sharedOrSkip(backend), dir, VideoGanFiles.TWO_STREAM, SETTINGS,
                VideoGanRun.COLUMNS);
        // the checkpoint loads as a plain videogan-2s model file
        try (VideoGanFiles.LoadedGenerator g = VideoGanFiles.loadGenerator(
                dir.resolve("a").resolve(CheckpointStore.FILE), Backends.get("reference"))) {
            assertEquals(VideoGanFiles.TWO_STREAM, g.kind());
        }
    }

    /** The original WGAN (RMSProp, critic weights clipped), one stream: no penalty, no mask term. */
    @Test
    void oneStreamWeightClippingResumesBitwise(@TempDir Path dir) throws IOException {
        WganTrainer.Settings clip = new WganTrainer.Settings(WganTrainer.Variant.CLIP, 5e-4, 0, 0, 2, 0f, 0.05f, 0f);
        resumeIsExact(Backends.get("reference"), dir, VideoGanFiles.ONE_STREAM, clip, VideoGanRun.COLUMNS);
    }

    @Test
    void conditionalModelResumesBitwise(@TempDir Path dir) throws IOException {
        resumeIsExact(Backends.get("reference"), dir, VideoGanFiles.TWO_STREAM_CONDITIONAL, SETTINGS,
                VideoGanRun.CONDITIONAL_COLUMNS);
        List<LossLog.Row> rows = LossLog.read(dir.resolve("a").resolve(LossLog.FILE));
        assertTrue(rows.stream().allMatch(r -> r.extras().get(4) > 0), "the middle-frame MSE is logged");
        try (VideoGanFiles.LoadedConditional m = VideoGanFiles.loadConditional(
                dir.resolve("a").resolve(CheckpointStore.FILE), Backends.get("reference"))) {
            assertEquals(CFG, m.model().config());
        }
    }
}
