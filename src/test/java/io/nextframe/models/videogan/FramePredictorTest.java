package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.Rng;
import io.nextframe.layers.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FramePredictorTest {
    private final Backend ref = Backends.get("reference");

    private static List<BiFunction<Backend, PredictorConfig, FramePredictor>> kinds() {
        return List.of((b, c) -> new LstmFramePredictor(b, c, new Rng(1)),
                (b, c) -> new ConvLstmFramePredictor(b, c, new Rng(1)),
                (b, c) -> new AutoencoderPredictor(b, c, false, new Rng(1)),
                (b, c) -> new AutoencoderPredictor(b, c, true, new Rng(1)));
    }

    /** Encoder + decoder parameters of the tiny config: conv c→w, w→2w; convT 2w→w, w→c (4×4 kernels). */
    private static long codec(int c, int w, int decoderIn) {
        return (long) w * c * 16 + w + (long) 2 * w * w * 16 + 2 * w + (long) decoderIn * w * 16 + w
                + (long) w * c * 16 + c;
    }

    @Test
    void shapesAndParameterCounts() {
        PredictorConfig cfg = PredictorConfig.tiny(1);
        int c = 1, w = cfg.width(), h = cfg.hidden(), code = cfg.codeWidth() * 16;
        try (Scope s = ref.scope()) {
            for (var kind : kinds()) {
                try (FramePredictor p = kind.apply(ref, cfg)) {
                    assertEquals(Shape.of(2, 1, 5, 16, 16), p.generate(Var.constant(ref.zeros(2, 1, 16, 16)), 5)
                            .shape());
                    long expected = codec(c, w, 2 * w);
                    if (p instanceof LstmFramePredictor) {
                        expected += (long) code * h + h + 4L * h * (h + h) + 8L * h + (long) h * code + code;
                    } else if (p instanceof ConvLstmFramePredictor) {
                        expected += 4L * 2 * w * (2 * w + 2 * w) * 9 + 4L * 2 * w;
                    }
                    assertEquals(expected, p.parameterCount(), p.getClass().getSimpleName());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void teacherForcingLossFalls(String name) {
        Backend be = Backends.get(name);
        PredictorConfig cfg = PredictorConfig.tiny(1);
        for (var kind : kinds()) {
            try (FramePredictor p = kind.apply(be, cfg); Adam adam = new Adam(p.trainableParameters(), 3e-3);
                 Scope s = be.scope()) {
                Var video = Var.constant(VideoGanTest.movingSquares(be, DType.F32, 2, 1, 4, 16, 1));
                double first = Double.NaN, last = Double.NaN;
                for (int i = 0; i < 8; i++) {
                    try (Scope step = be.scope()) {
                        Var loss = p.teacherForcingLoss(video);
                        loss.backward();
                        adam.step();
                        adam.zeroGrad();
                        last = loss.item();
                        if (i == 0) {
                            first = last;
                        }
                    }
                }
                assertTrue(last < first, name + " " + p.getClass().getSimpleName() + ": " + first + " → " + last);
            }
        }
    }

    @Test
    void residualBaselineAddsItsInput() {
        PredictorConfig cfg = PredictorConfig.tiny(1);
        try (AutoencoderPredictor direct = new AutoencoderPredictor(ref, cfg, false, new Rng(1));
             AutoencoderPredictor residual = new AutoencoderPredictor(ref, cfg, true, new Rng(1));
             Scope s = ref.scope()) {
            Var frame = Var.constant(VideoGanTest.movingSquares(ref, DType.F32, 1, 1, 1, 16, 1).reshape(1, 1, 16, 16));
            float[] d = direct.start().step(frame).value().toFloatArray();
            float[] r = residual.start().step(frame).value().toFloatArray();
            float[] x = frame.value().toFloatArray();
            for (int i = 0; i < d.length; i++) {
                assertEquals(x[i] + d[i], r[i], 1e-6);
            }
        }
    }

    @Test
    void checkpointRoundTrip(@TempDir Path dir) throws Exception {
        PredictorConfig cfg = PredictorConfig.tiny(1);
        try (LstmFramePredictor a = new LstmFramePredictor(ref, cfg, new Rng(1));
             LstmFramePredictor b = new LstmFramePredictor(ref, cfg, new Rng(2)); Scope s = ref.scope()) {
            Path f = dir.resolve("p.safetensors");
            Checkpoint.save(f, a, Map.of());
            assertTrue(Checkpoint.load(f, b, true).clean());
            Var x = Var.constant(VideoGanTest.movingSquares(ref, DType.F32, 1, 1, 1, 16, 2).reshape(1, 1, 16, 16));
            assertArrayEquals(a.generate(x, 3).toFloatArray(), b.generate(x, 3).toFloatArray());
        }
    }

    @Test
    void badInputFailsBeforeCompute() {
        PredictorConfig cfg = PredictorConfig.tiny(1);
        try (ConvLstmFramePredictor p = new ConvLstmFramePredictor(ref, cfg, new Rng(1)); Scope s = ref.scope()) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> p.teacherForcingLoss(Var.constant(ref.zeros(2, 3, 4, 16, 16))));
            assertTrue(e.getMessage().contains("expected (B, 1, T ≥ 2, 16, 16)"), e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> p.teacherForcingLoss(Var.constant(ref.zeros(2, 1, 1, 16, 16))));
            var f = assertThrows(IllegalArgumentException.class,
                    () -> p.generate(Var.constant(ref.zeros(2, 1, 12, 12)), 2));
            assertTrue(f.getMessage().contains("expected (B, 1, 16, 16)"), f.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new PredictorConfig(1, 18, 4, 16, 2));
    }

    /** The predictors plug into the shared training loop: a few steps on moving squares lower the logged loss. */
    @Test
    void trainsInTheSharedLoop(@TempDir Path dir) throws Exception {
        PredictorConfig cfg = PredictorConfig.tiny(1);
        io.nextframe.data.ClipSource squares = new io.nextframe.data.ClipSource() {
            public long size() { return 16; }
            public io.nextframe.data.Clip clip(long i) {
                try (Scope s = ref.scope()) {
                    // (1, C, T, H, W) → (T, C, H, W)
                    var t = VideoGanTest.movingSquares(ref, DType.F32, 1, 1, 4, 16, i);
                    float[] v = t.reshape(1, 4, 16, 16).toFloatArray();
                    return new io.nextframe.data.Clip(4, 1, 16, 16, v);
                }
            }
            public int frames() { return 4; }
            public int channels() { return 1; }
            public int height() { return 16; }
            public int width() { return 16; }
        };
        try (ConvLstmFramePredictor p = new ConvLstmFramePredictor(ref, cfg, new Rng(1));
             Adam adam = new Adam(p.trainableParameters(), 3e-3)) {
            var options = new io.nextframe.models.train.TrainOptions("convlstm", Map.of("size", "16"), 10, 0, 1, dir,
                    3, step -> 3e-3, false);
            var loop = new io.nextframe.models.train.TrainLoop(p, adam, options,
                    new java.io.PrintStream(new java.io.ByteArrayOutputStream()));
            var result = loop.run(squares, io.nextframe.data.pipeline.BatchLoader.Options.of(4, 3), p.stepLoss());
            var rows = result.rows();
            assertEquals(10, rows.size());
            assertTrue(rows.getLast().loss() < rows.getFirst().loss(), rows.getFirst() + " → " + rows.getLast());
        }
    }
}
