package io.nextframe.models.train;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.pipeline.BatchLoader;
import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.Conv;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;
import io.nextframe.layers.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainLoopTest {
    private static final Backend BE = Backends.get("reference");

    /** 40 clips of two 8×8 frames: a pattern and the pattern shifted one pixel right. */
    static final class Shifted implements ClipSource {
        public long size() { return 40; }
        public Clip clip(long i) {
            float[] d = new float[2 * 64];
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < 8; x++) {
                    float v = (float) (0.5 + 0.5 * Math.sin(0.7 * x + 1.3 * y + 0.9 * i));
                    d[y * 8 + x] = v;
                    if (x + 1 < 8) {
                        d[64 + y * 8 + x + 1] = v;
                    }
                }
            }
            return new Clip(2, 1, 8, 8, d);
        }
        public int frames() { return 2; }
        public int channels() { return 1; }
        public int height() { return 8; }
        public int width() { return 8; }
    }

    static final class Tiny extends Module {
        final Conv conv;
        Tiny() {
            super(BE);
            conv = child("conv", Conv.conv2d(BE, 1, 1, 3, 1, 1, new Rng(7)));
        }
        Var loss(io.nextframe.core.Tensor batch) {
            Var x = Var.constant(batch);
            Var f0 = F.reshape(F.select(x, 1, 0), batch.shape().dim(0), 1, 8, 8);
            Var f1 = F.reshape(F.select(x, 1, 1), batch.shape().dim(0), 1, 8, 8);
            return F.mse(conv.forward(f0), f1);
        }
    }

    private static TrainOptions options(Path out, long steps, boolean resume) {
        return new TrainOptions("dfn", Map.of("filter_size", "3"), steps, 2, 1, out, 5,
                TrainOptions.stepDecay(0.05, 3, 0.5), resume);
    }

    private static TrainLoop.Result train(Path out, long steps, boolean resume, StepLossFactory f) throws IOException {
        try (Tiny m = new Tiny(); Adam adam = new Adam(m.trainableParameters(), 0.05)) {
            var loop = new TrainLoop(m, adam, options(out, steps, resume), new PrintStream(new ByteArrayOutputStream()));
            StepLoss inner = f.make(m);
            return loop.run(new Shifted(), BatchLoader.Options.of(4, 5), (batch, step) -> {
                // a counter advanced by every step, as a sampler's stream counter would be; exact after resume
                long c = loop.rngCounters().getOrDefault("sampler", 0L);
                if (c != 10 * step) {
                    throw new AssertionError("counter " + c + " at step " + step);
                }
                loop.rngCounters().put("sampler", c + 10);
                return inner.loss(batch, step);
            });
        }
    }

    interface StepLossFactory {
        StepLoss make(Tiny m);
    }

    @Test
    void resumedCurveEqualsTheUninterruptedOneBitwise(@TempDir Path dir) throws IOException {
        StepLossFactory f = m -> (batch, step) -> m.loss(batch);
        List<LossLog.Row> full = train(dir.resolve("a"), 9, false, f).rows();
        train(dir.resolve("b"), 5, false, f);             // checkpoints at 2, 4 and 5 (the end)
        TrainLoop.Result resumed = train(dir.resolve("b"), 9, true, f);
        assertEquals(5, resumed.firstStep());
        List<LossLog.Row> rows = LossLog.read(dir.resolve("b").resolve(LossLog.FILE));
        assertEquals(9, full.size());
        assertEquals(9, rows.size());
        for (int i = 0; i < 9; i++) {
            assertEquals(full.get(i).step(), rows.get(i).step());
            assertEquals(Double.doubleToRawLongBits(full.get(i).loss()), Double.doubleToRawLongBits(rows.get(i).loss()),
                    "step " + (i + 1) + ": " + full.get(i).loss() + " vs " + rows.get(i).loss());
            assertEquals(full.get(i).lr(), rows.get(i).lr());
        }
        assertTrue(full.get(8).loss() < full.get(0).loss(), "the loss falls: " + full);
        Path a = dir.resolve("a");
        assertTrue(Files.size(a.resolve(TrainLoop.PLOT)) > 0);
        assertTrue(Files.isRegularFile(a.resolve(CheckpointStore.PREVIOUS)), "the previous checkpoint is kept");
        Map<String, String> meta = Checkpoint.metadata(a.resolve(CheckpointStore.FILE));
        assertEquals("nextframe", meta.get("format"));
        assertEquals("1", meta.get("format_version"));
        assertEquals("dfn", meta.get("model"));
        assertEquals("3", meta.get("filter_size"));
        assertEquals("9", meta.get("train.step"));
        assertEquals("9", meta.get("data.step"));
        assertEquals("90", meta.get("train.rng.sampler"));
    }

    @Test
    void extraColumnsAndAuxiliaryOptimizersSurviveAResume(@TempDir Path dir) throws IOException {
        // a second optimizer the step updates itself (a discriminator's, say) and a per-step diagnostic column
        class Run {
            List<LossLog.Row> train(Path out, long steps, boolean resume) throws IOException {
                try (Tiny m = new Tiny(); Tiny aux = new Tiny();
                     Adam adam = new Adam(m.trainableParameters(), 0.05);
                     Adam auxAdam = new Adam(aux.trainableParameters(), 0.05)) {
                    double[] col = new double[2];
                    var loop = new TrainLoop(m, adam, options(out, steps, resume),
                            new PrintStream(new ByteArrayOutputStream()))
                            .auxiliaryOptimizer("aux", auxAdam)
                            .columns(List.of("aux_loss", "aux_steps"), col::clone);
                    return loop.run(new Shifted(), BatchLoader.Options.of(4, 5), (batch, step) -> {
                        auxAdam.zeroGrad();
                        Var l = aux.loss(batch);
                        col[0] = l.item();
                        l.backward();
                        auxAdam.step();
                        col[1] = auxAdam.steps();
                        return m.loss(batch);
                    }).rows();
                }
            }
        }
        List<LossLog.Row> full = new Run().train(dir.resolve("a"), 6, false);
        new Run().train(dir.resolve("b"), 3, false);
        new Run().train(dir.resolve("b"), 6, true);
        List<LossLog.Row> rows = LossLog.read(dir.resolve("b").resolve(LossLog.FILE));
        assertEquals(List.of("aux_loss", "aux_steps"), LossLog.readColumns(dir.resolve("b").resolve(LossLog.FILE)));
        assertEquals(6, rows.size());
        for (int i = 0; i < 6; i++) {
            assertEquals(full.get(i).loss(), rows.get(i).loss());
            // the auxiliary model's weights are part of neither module here, so only its optimizer's step count and
            // the main curve carry over; the step count proves the auxiliary state was restored
            assertEquals(i + 1.0, rows.get(i).extras().get(1));
        }
        assertTrue(io.nextframe.core.io.SafeTensors.readAll(dir.resolve("b").resolve(CheckpointStore.FILE)).keySet()
                .stream().anyMatch(k -> k.startsWith("optim.aux.")));
        assertThrows(IllegalArgumentException.class, () -> LossLog.open(dir.resolve("c"), 0, List.of("loss")));
    }

    @Test
    void aDamagedCurrentCheckpointFallsBackToThePreviousOne(@TempDir Path dir) throws IOException {
        StepLossFactory f = m -> (batch, step) -> m.loss(batch);
        train(dir, 4, false, f);                            // checkpoints at 2 and 4
        Files.write(dir.resolve(CheckpointStore.FILE), new byte[] {1, 2, 3});
        TrainLoop.Result r = train(dir, 6, true, f);
        assertEquals(2, r.firstStep());
    }

    @Test
    void aNonFiniteLossStopsTrainingNamingTheStep(@TempDir Path dir) {
        StepLossFactory f = m -> (batch, step) -> step == 3 ? F.log(F.scale(m.loss(batch), 0f)) : m.loss(batch);
        NonFiniteLossException e = assertThrows(NonFiniteLossException.class, () -> train(dir, 8, false, f));
        assertEquals(4, e.step());
        assertTrue(e.getMessage().contains("step 4"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherKindIsRefused(@TempDir Path dir) throws IOException {
        StepLossFactory f = m -> (batch, step) -> m.loss(batch);
        train(dir, 2, false, f);
        try (Tiny m = new Tiny(); Adam adam = new Adam(m.trainableParameters(), 0.05)) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> new CheckpointStore(dir).load(m, adam, "svg-lp"));
            assertTrue(e.getMessage().contains("'dfn'"), e.getMessage());
        }
    }
}
