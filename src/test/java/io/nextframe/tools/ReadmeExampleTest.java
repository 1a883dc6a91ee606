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
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

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
}
