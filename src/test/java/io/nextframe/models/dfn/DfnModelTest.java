package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.models.eval.EvalResult;
import io.nextframe.models.train.CheckpointStore;
import io.nextframe.models.train.LossLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DfnModelTest {
    private static final Backend BE = Backends.get("reference");
    private static final PrintStream QUIET = new PrintStream(new ByteArrayOutputStream());
    private final DfnConfig tiny = DfnConfig.tiny();

    private DfnTrainer.Result train(Path out, long steps, boolean resume) throws IOException {
        return DfnTrainer.train(BE, tiny, Synthetic.source(8, 6, 16), steps, 2, out, resume, QUIET);
    }

    @Test
    void checkpointRoundTripAndExactResume(@TempDir Path dir) throws IOException {
        float[] clip = Synthetic.movingSquares(1, 3, 16, 1);
        int[] dims = {3, 1, 16, 16};
        float[] expected;
        try (DfnModel full = train(dir.resolve("a"), 5, false).model()) {
            expected = full.predict(clip, dims, 4);
            full.save(dir.resolve("dfn.safetensors"));
        }
        train(dir.resolve("b"), 3, false).model().close();
        try (DfnModel resumed = train(dir.resolve("b"), 5, true).model()) {
            assertArrayEquals(expected, resumed.predict(clip, dims, 4), "resumed weights equal the uninterrupted ones");
        }
        List<LossLog.Row> a = LossLog.read(dir.resolve("a").resolve(LossLog.FILE));
        List<LossLog.Row> b = LossLog.read(dir.resolve("b").resolve(LossLog.FILE));
        assertEquals(5, a.size());
        assertEquals(5, b.size());
        for (int i = 0; i < 5; i++) {
            assertEquals(Double.doubleToRawLongBits(a.get(i).loss()), Double.doubleToRawLongBits(b.get(i).loss()),
                    "step " + (i + 1));
        }
        // the training checkpoint and the plain model file both load as a model and predict the same
        for (Path p : new Path[] {dir.resolve("a").resolve(CheckpointStore.FILE), dir.resolve("dfn.safetensors")}) {
            try (DfnModel m = DfnModel.load(p, BE)) {
                assertEquals(tiny, m.config());
                assertArrayEquals(expected, m.predict(clip, dims, 4), p.toString());
            }
        }
    }

    @Test
    void badInputIsRefusedBeforeCompute() {
        try (DfnModel m = new DfnModel(new DfnNetwork(BE, tiny))) {
            float[] ok = Synthetic.movingSquares(1, 3, 16, 0);
            var size = assertThrows(IllegalArgumentException.class,
                    () -> m.predict(new float[3 * 12 * 12], new int[] {3, 1, 12, 12}, 2));
            assertTrue(size.getMessage().contains("12×12") && size.getMessage().contains("16×16"), size.getMessage());
            var channels = assertThrows(IllegalArgumentException.class,
                    () -> m.predict(new float[3 * 3 * 256], new int[] {3, 3, 16, 16}, 2));
            assertTrue(channels.getMessage().contains("3 channels"), channels.getMessage());
            var context = assertThrows(IllegalArgumentException.class,
                    () -> m.predict(new float[2 * 256], new int[] {2, 1, 16, 16}, 2));
            assertTrue(context.getMessage().contains("needs 3 context frames"), context.getMessage());
            float[] nan = ok.clone();
            nan[256 + 17] = Float.NaN;
            var bad = assertThrows(IllegalArgumentException.class, () -> m.predict(nan, new int[] {3, 1, 16, 16}, 2));
            assertTrue(bad.getMessage().contains("frame 1, pixel 17"), bad.getMessage());
            var rank = assertThrows(IllegalArgumentException.class, () -> m.predict(ok, new int[] {3, 16, 16}, 2));
            assertTrue(rank.getMessage().contains("expected (T, 1, H, W)"), rank.getMessage());
            assertEquals(2 * 256, m.predict(ok, new int[] {3, 1, 16, 16}, 2).length);
        }
    }

    @Test
    void evaluationReportsPerPixelAndPerFrameBce(@TempDir Path dir) throws IOException {
        try (DfnModel m = new DfnModel(new DfnNetwork(BE, tiny))) {
            EvalResult r = DfnEvaluation.evaluate(m, Synthetic.source(5, 6, 16), "synthetic", 5, 2, 0);
            assertEquals(5, r.sequences());
            assertEquals(3, r.future());
            double perPixel = r.metrics().get("bce").mean(), perFrame = r.metrics().get("bce_frame").mean();
            assertTrue(perPixel > 0, "bce " + perPixel);
            assertEquals(perPixel * 256, perFrame, 1e-6 * perFrame);
            Path json = dir.resolve("eval.json");
            DfnEvaluation.writeJson(r, json);
            String text = Files.readString(json);
            assertTrue(text.contains("\"model\":\"dfn\"") && text.contains("\"bce_frame\""), text);
        }
    }

    @Test
    void flowOfPredictedFiltersIsDrawn(@TempDir Path dir) throws IOException {
        try (DfnModel m = new DfnModel(new DfnNetwork(BE, tiny))) {
            float[] clip = Synthetic.movingSquares(1, 6, 16, 2);
            DfnModel.Prediction p = m.predictDetailed(clip, new int[] {6, 1, 16, 16}, 3, true);
            assertEquals(3 * 2 * 256, p.flow().length);
            for (float v : p.flow()) {
                assertTrue(Math.abs(v) <= 2 + 1e-5, "flow within the 5×5 filter's reach: " + v);
            }
            Path png = dir.resolve("flow.png");
            FlowImages.writeGrid(png, new io.nextframe.data.Clip(6, 1, 16, 16, clip).frames(3, 6), p.frames(),
                    p.flow(), 3, 16, 16, 2);
            assertTrue(Files.size(png) > 100);
        }
        // a filter with all weight on the tap one pixel right (dx = +1) is pure +x flow: hue (0 + π)/2π = ½, cyan
        float[] rgb = FlowImages.toRgb(new float[] {1f, 0f}, 0, 1, 1);
        assertArrayEquals(new float[] {0f, 1f, 1f}, rgb, 1e-6f);
    }
}
