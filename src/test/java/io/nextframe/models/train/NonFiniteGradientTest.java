package io.nextframe.models.train;

import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.pipeline.BatchLoader;
import io.nextframe.layers.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A finite loss whose backward yields NaN (sqrt at 0 has an infinite derivative, times 0): the loop stops at that
 * step naming the parameter and its module, and the optimizer never applies the bad gradient.
 */
class NonFiniteGradientTest {

    private static TrainOptions options(Path out, long steps) {
        return new TrainOptions("dfn", Map.of(), steps, 2, 1, out, 5, TrainOptions.stepDecay(0.05, 3, 0.5), false);
    }

    @Test
    void aNaNGradientStopsTrainingNamingStepParameterAndModule(@TempDir Path dir) throws IOException {
        try (TrainLoopTest.Tiny m = new TrainLoopTest.Tiny(); Adam adam = new Adam(m.trainableParameters(), 0.05)) {
            var loop = new TrainLoop(m, adam, options(dir, 8), new PrintStream(new ByteArrayOutputStream()));
            float[][] before = new float[1][];
            NonFiniteGradientException e = assertThrows(NonFiniteGradientException.class,
                    () -> loop.run(new TrainLoopTest.Shifted(), BatchLoader.Options.of(4, 5), (batch, step) -> {
                        Var loss = m.loss(batch);
                        if (step != 3) {
                            return loss;
                        }
                        before[0] = m.conv.bias().value().toFloatArray();
                        // finite forward (sqrt(0) = 0), NaN backward into the bias only
                        return F.add(loss, F.sqrt(F.scale(F.sum(m.conv.bias().var()), 0f)));
                    }));
            assertEquals(4, e.step());
            assertEquals("conv.bias", e.parameter(), "the first parameter with a NaN gradient, not conv.weight");
            assertEquals("conv", e.module());
            assertTrue(e.getMessage().contains("'conv.bias'") && e.getMessage().contains("step 4")
                    && e.getMessage().contains("NaN"), e.getMessage());
            assertArrayEquals(before[0], m.conv.bias().value().toFloatArray(), "no update with the bad gradient");
            assertEquals(3, LossLog.read(dir.resolve(LossLog.FILE)).size(), "step 4 is not logged");
        }
    }

    @Test
    void finiteGradientsPass(@TempDir Path dir) throws IOException {
        try (TrainLoopTest.Tiny m = new TrainLoopTest.Tiny(); Adam adam = new Adam(m.trainableParameters(), 0.05)) {
            var loop = new TrainLoop(m, adam, options(dir, 3), new PrintStream(new ByteArrayOutputStream()));
            assertEquals(3, loop.run(new TrainLoopTest.Shifted(), BatchLoader.Options.of(4, 5),
                    (batch, step) -> m.loss(batch)).rows().size());
        }
    }
}
