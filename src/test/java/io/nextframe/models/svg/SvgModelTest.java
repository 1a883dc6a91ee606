package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.ModelFormatException;
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

class SvgModelTest {
    private final Backend ref = Backends.get("reference");

    /** A tiny config: nf 2, g 8, z 3, rnn 16, 2 context + 2 future frames. */
    static SvgConfig tiny(SvgKind kind) {
        return SvgConfig.defaults(kind).withSizes(8, 3, 16, 2).withSteps(2, 2, SkipMode.PENULTIMATE)
                .withTraining(1e-4, 0.01);
    }

    /** Frames (B, T, 1, 64, 64): a bright 12×12 square moving 4 pixels right and down per frame. */
    static Tensor movingSquares(Backend be, int batch, int frames) {
        float[] v = new float[batch * frames * 64 * 64];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < frames; t++) {
                int y0 = (8 + 3 * b + 4 * t) % 52, x0 = (10 + 5 * b + 4 * t) % 52;
                for (int y = y0; y < y0 + 12; y++) {
                    for (int x = x0; x < x0 + 12; x++) {
                        v[((b * frames + t) * 64 + y) * 64 + x] = 1f;
                    }
                }
            }
        }
        return be.fromFloats(Shape.of(batch, frames, 1, 64, 64), v);
    }

    @Test
    void referenceParameterCounts() {
        Rng rng = new Rng(1);
        try (DcganEncoder enc = new DcganEncoder(ref, 128, 1, 64, rng);
             DcganDecoder dec = new DcganDecoder(ref, 128, 1, 64, rng);
             SvgLstm pred = new SvgLstm(ref, 138, 128, 256, 2, rng);
             GaussianLstm post = new GaussianLstm(ref, 128, 10, 256, 1, rng)) {
            assertEquals(3_805_376, enc.parameterCount());
            assertEquals(6_558_529, dec.parameterCount());
            assertEquals(1_121_152, pred.parameterCount());
            assertEquals(564_500, post.parameterCount());
            assertArrayEquals(new int[] {64, 1, 4, 4}, enc.stateDict().get("c1.main.0.weight").shape().dims());
            assertArrayEquals(new int[] {128, 512, 4, 4}, enc.stateDict().get("c5.0.weight").shape().dims());
            assertArrayEquals(new int[] {1024, 256, 4, 4}, dec.stateDict().get("upc2.main.0.weight").shape().dims());
            assertArrayEquals(new int[] {128, 1, 4, 4}, dec.stateDict().get("upc5.0.weight").shape().dims());
            assertTrue(enc.stateDict().containsKey("c4.main.1.num_batches_tracked"));
        }
    }

    @Test
    void vggKeysAndShapes() {
        Rng rng = new Rng(1);
        try (VggEncoder enc = new VggEncoder(ref, 128, 3, 64, rng); VggDecoder dec = new VggDecoder(ref, 128, 3, 64,
                rng)) {
            Map<String, Tensor> e = enc.stateDict(), d = dec.stateDict();
            assertArrayEquals(new int[] {64, 3, 3, 3}, e.get("c1.0.main.0.weight").shape().dims());
            assertArrayEquals(new int[] {512, 512, 3, 3}, e.get("c4.2.main.0.weight").shape().dims());
            assertArrayEquals(new int[] {128, 512, 4, 4}, e.get("c5.0.weight").shape().dims());
            assertArrayEquals(new int[] {128, 512, 4, 4}, d.get("upc1.0.weight").shape().dims());
            assertArrayEquals(new int[] {512, 1024, 3, 3}, d.get("upc2.0.main.0.weight").shape().dims());
            assertArrayEquals(new int[] {64, 128, 3, 3}, d.get("upc5.0.main.0.weight").shape().dims());
            assertArrayEquals(new int[] {64, 3, 3, 3}, d.get("upc5.1.weight").shape().dims());
        }
    }

    @Test
    void modelPrefixesPerKind() {
        for (SvgKind k : SvgKind.values()) {
            try (SvgModel m = new SvgModel(ref, tiny(k), 3)) {
                assertEquals(switch (k) {
                    case LP -> java.util.List.of("encoder", "decoder", "frame_predictor", "posterior", "prior");
                    case FP -> java.util.List.of("encoder", "decoder", "frame_predictor", "posterior");
                    case DET -> java.util.List.of("encoder", "decoder", "frame_predictor");
                }, java.util.List.copyOf(m.children().keySet()));
                int in = k == SvgKind.DET ? 8 : 11;
                assertArrayEquals(new int[] {16, in},
                        m.stateDict().get("frame_predictor.embed.weight").shape().dims());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"svg-lp", "svg-fp", "svg-det"})
    void predictShapesAndRange(String kind) {
        try (SvgModel m = new SvgModel(ref, tiny(SvgKind.of(kind)), 5); Scope s = ref.scope()) {
            HostTensor out = m.predict(movingSquares(ref, 2, 3), 4, 3, 11, SvgModel.Latent.SAMPLE,
                    SvgModel.BatchStats.RUNNING);
            assertArrayEquals(new int[] {3, 2, 4, 1, 64, 64}, out.shape());
            for (float v : out.data()) {
                assertTrue(v >= 0 && v <= 1, "sigmoid output " + v);
            }
        }
    }

    @Test
    void samplesDependOnTheSeedAndMeanModeIsDeterministic() {
        SvgConfig c = tiny(SvgKind.LP);
        try (SvgModel m = new SvgModel(ref, c, 5); Scope s = ref.scope()) {
            Tensor ctx = movingSquares(ref, 2, 2);
            HostTensor a = m.predict(ctx, 2, 2, 1, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
            HostTensor b = m.predict(ctx, 2, 2, 1, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
            HostTensor other = m.predict(ctx, 2, 2, 2, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
            assertArrayEquals(a.data(), b.data());
            assertFalse(java.util.Arrays.equals(a.data(), other.data()), "another seed, other samples");
            HostTensor m1 = m.predict(ctx, 2, 2, 1, SvgModel.Latent.MEAN, SvgModel.BatchStats.RUNNING);
            HostTensor m2 = m.predict(ctx, 2, 2, 9, SvgModel.Latent.MEAN, SvgModel.BatchStats.RUNNING);
            assertArrayEquals(m1.data(), m2.data(), "mean mode ignores the seed");
        }
    }

    @Test
    void sameSeedSameSamplesOnReferenceAndSimd() {
        Backend simd = Backends.get("simd");
        SvgConfig c = tiny(SvgKind.LP);
        HostTensor a, b;
        try (SvgModel m = new SvgModel(ref, c, 5); Scope s = ref.scope()) {
            a = m.predict(movingSquares(ref, 2, 2), 3, 2, 42, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
        }
        try (SvgModel m = new SvgModel(simd, c, 5); Scope s = simd.scope()) {
            b = m.predict(movingSquares(simd, 2, 2), 3, 2, 42, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
        }
        for (int i = 0; i < a.data().length; i++) {
            assertEquals(a.data()[i], b.data()[i], 1e-4, "element " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void trainingStepsReduceTheLoss(String backendName) {
        Backend be = Backends.get(backendName);
        for (SvgKind k : SvgKind.values()) {
            try (SvgModel m = new SvgModel(be, tiny(k), 7); SvgTrainer t = new SvgTrainer(m, 3);
                 Scope s = be.scope()) {
                Tensor frames = movingSquares(be, 2, 4);
                SvgTrainer.StepResult first = t.step(frames);
                SvgTrainer.StepResult last = first;
                for (int i = 0; i < 5; i++) {
                    last = t.step(frames);
                }
                assertTrue(last.mse() < 0.9 * first.mse(), k + " on " + backendName + ": mse " + first.mse()
                        + " → " + last.mse());
                assertEquals(k == SvgKind.DET, first.kld() == 0, "KL term only for the stochastic kinds");
                assertEquals(first.mse() + 1e-4 * first.kld(), first.loss(), 1e-6 * Math.max(1, first.loss()));
                assertEquals(6, t.optimizers().values().iterator().next().steps());
            }
        }
    }

    @Test
    void saveLoadRoundTripPredictsTheSame(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.safetensors");
        try (SvgModel m = new SvgModel(ref, tiny(SvgKind.FP), 5); Scope s = ref.scope()) {
            Tensor ctx = movingSquares(ref, 2, 2);
            SvgFiles.save(m, f);
            HostTensor a = m.predict(ctx, 2, 1, 3, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
            try (SvgModel back = SvgFiles.load(f, ref, SvgKind.FP)) {
                assertEquals(m.config(), back.config());
                HostTensor b = back.predict(ctx, 2, 1, 3, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
                assertArrayEquals(a.data(), b.data());
            }
        }
    }

    @Test
    void badInputsAreNamedBeforeCompute(@TempDir Path dir) throws Exception {
        try (SvgModel m = new SvgModel(ref, tiny(SvgKind.LP), 5); Scope s = ref.scope()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.predict(
                    ref.zeros(1, 3, 1, 32, 32), 2, 1, 0, SvgModel.Latent.MEAN, SvgModel.BatchStats.RUNNING));
            assertTrue(e.getMessage().contains("frame size 32×32"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.predict(ref.zeros(1, 3, 3, 64, 64), 2, 1, 0,
                    SvgModel.Latent.MEAN, SvgModel.BatchStats.RUNNING));
            assertTrue(e.getMessage().contains("3 channels"), e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> m.predict(ref.zeros(1, 1, 1, 64, 64), 2, 1, 0,
                    SvgModel.Latent.MEAN, SvgModel.BatchStats.RUNNING));
            assertTrue(e.getMessage().contains("1 frames, at least 2"), e.getMessage());
            Tensor nan = movingSquares(ref, 1, 3);
            float[] v = nan.toFloatArray();
            v[100] = Float.NaN;
            Tensor bad = ref.fromFloats(nan.shape(), v);
            e = assertThrows(IllegalArgumentException.class, () -> m.predict(bad, 2, 1, 0,
                    SvgModel.Latent.MEAN, SvgModel.BatchStats.RUNNING));
            assertTrue(e.getMessage().contains("non-finite") && e.getMessage().contains("index 100"),
                    e.getMessage());
            try (SvgTrainer t = new SvgTrainer(m, 1)) {
                assertThrows(IllegalArgumentException.class, () -> t.step(bad));
            }
            Path f = dir.resolve("lp.safetensors");
            SvgFiles.save(m, f);
            ModelFormatException wrong = assertThrows(ModelFormatException.class,
                    () -> SvgFiles.load(f, ref, SvgKind.FP));
            assertTrue(wrong.getMessage().contains("expected 'svg-fp'"), wrong.getMessage());
        }
    }

    @Test
    void nonSvgFileIsRefused(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("dfn.safetensors");
        io.nextframe.core.io.SafeTensors.write(f, Map.of("w", new HostTensor(new int[] {1}, new float[] {1})),
                Map.of("model", "dfn"), io.nextframe.core.io.FileDType.F32);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SvgFiles.load(f, ref));
        assertTrue(e.getMessage().contains("'dfn', not an SVG model"), e.getMessage());
    }

    @Test
    void metadataRoundTripAndLastFrameSkipMapping() {
        SvgConfig c = SvgConfig.defaults(SvgKind.LP).withSteps(5, 10, SkipMode.EVERY_STEP);
        assertEquals(c, SvgConfig.fromMetadata(c.metadata()));
        assertEquals("true", c.metadata().get("last_frame_skip"));
        Map<String, String> torch = new java.util.HashMap<>(SvgConfig.defaults(SvgKind.LP).metadata());
        torch.remove("format");
        torch.remove("skip");
        torch.put("last_frame_skip", "False");
        assertEquals(SkipMode.PENULTIMATE, SvgConfig.fromMetadata(torch).skip());
        torch.put("last_frame_skip", "TRUE");
        assertEquals(SkipMode.EVERY_STEP, SvgConfig.fromMetadata(torch).skip());
        torch.remove("g_dim");
        assertThrows(IllegalArgumentException.class, () -> SvgConfig.fromMetadata(torch));
    }
}
