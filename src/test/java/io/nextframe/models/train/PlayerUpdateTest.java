package io.nextframe.models.train;

import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An auxiliary player's update (a GAN's discriminator) with the loop's NaN/Inf checks. */
class PlayerUpdateTest {

    @Test
    void updatesOnAFiniteLossAndStopsOnANonFiniteOneOrGradient() {
        var be = Backends.get("reference");
        try (TrainLoopTest.Tiny m = new TrainLoopTest.Tiny(); Adam adam = new Adam(m.trainableParameters(), 0.05);
             Scope s = be.scope()) {
            Var batch = Var.constant(be.full(Shape.of(2, 2, 1, 8, 8), 0.5f));
            float[] w0 = m.conv.weight().value().toFloatArray();
            double loss = PlayerUpdate.apply(adam, m.loss(batch.value()), 1);
            assertTrue(Double.isFinite(loss));
            assertFalse(java.util.Arrays.equals(w0, m.conv.weight().value().toFloatArray()), "updated");
            assertEquals(1, adam.steps());

            float[] w1 = m.conv.weight().value().toFloatArray();
            NonFiniteLossException inf = assertThrows(NonFiniteLossException.class, () -> PlayerUpdate.apply(adam,
                    F.scale(m.loss(batch.value()), Float.POSITIVE_INFINITY), 7));
            assertEquals(7, inf.step());
            // finite forward (sqrt(0) = 0), NaN backward into the bias
            NonFiniteGradientException nan = assertThrows(NonFiniteGradientException.class,
                    () -> PlayerUpdate.apply(adam, F.add(m.loss(batch.value()),
                            F.sqrt(F.scale(F.sum(m.conv.bias().var()), 0f))), 8));
            assertEquals(8, nan.step());
            assertEquals("conv.bias", nan.parameter());
            assertArrayEquals(w1, m.conv.weight().value().toFloatArray(), "no update after either failure");
            assertEquals(1, adam.steps());
        }
    }
}
