package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.Distribution;
import io.nextframe.data.Clip;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.FrameReader;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictOptions;
import io.nextframe.models.api.PredictionSession;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's Java API snippet, kept compiling and running. */
class ReadmeExampleTest {

    @Test
    void snippetRunsAndProducesAGradient() {
        float[] pixels = new float[64 * 64];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 64) / 64f;
        }
        Backend backend = Backends.get("auto");
        long live = backend.liveTensors();
        try (Scope scope = backend.scope()) {
            Tensor x = backend.fromFloats(Shape.of(1, 1, 64, 64), pixels);
            Var w = Var.param(backend.zeros(8, 1, 3, 3));
            backend.fillRandom(Distribution.NORMAL, 42, 0, 0, 0f, 0.1f, w.value());
            Var y = F.sigmoid(F.conv(ConvSpec.of(2, 1, 1), Var.constant(x), w, null));
            Var loss = F.mse(y, Var.constant(x));
            loss.backward();
            assertNotNull(w.grad());
            assertEquals(Shape.of(8, 1, 3, 3), w.grad().shape());
            w.zeroGrad();
        }
        assertEquals(live, backend.liveTensors(), "the scope and zeroGrad free everything the snippet made");
    }

    @Test
    void predictorSnippetRunsWithTheBuiltInModel() throws Exception {
        float[] last = null;
        float[] frames;
        try (Backend backend = Backends.open("auto");
             Predictor model = Predictors.open("svg-lp-smmnist", backend)) {
            Clip clip = FrameReader.read(Path.of("examples/smmnist.gif"), FrameOptions.asFound());
            frames = model.predict(clip, new PredictOptions(5, 10, 3, 42, Latent.SAMPLE));
            try (PredictionSession live = model.openSession(1, 42, Latent.SAMPLE)) {
                for (int t = 0; t < clip.frames(); t++) {
                    live.observe(clip.frame(t));
                    if (t >= 1) {
                        last = live.predict(3);
                    }
                }
            }
            assertEquals(3 * 10 * 64 * 64, frames.length);
            assertEquals(3 * 64 * 64, last.length);
            float[] first = model.predict(clip, new PredictOptions(5, 10, 1, 42, Latent.SAMPLE));
            assertArrayEquals(java.util.Arrays.copyOf(frames, first.length), first, "sample 0 does not depend on K");
        }
    }

    @Test
    void theMainCommandWritesAPredictionGif(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("prediction.gif");
        CliWorkflowTest.Result r = CliWorkflowTest.run("predict", "--input", "examples/smmnist.gif", "--samples", "3",
                "--out", out.toString());
        assertEquals(0, r.code(), r.all());
        assertEquals(15, FrameReader.readGif(out, FrameOptions.asFound()).frames());
        assertTrue(Files.size(out) > 10_000);
    }
}
