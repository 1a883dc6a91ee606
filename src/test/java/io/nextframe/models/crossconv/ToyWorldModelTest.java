package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.shapes.ToyWorld;
import io.nextframe.layers.Rng;
import io.nextframe.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The toy-world model's checks and a short training run of each variant. */
class ToyWorldModelTest {
    private final Backend be = Backends.get("reference");
    private final ToyWorld world = new ToyWorld(ToyWorld.Config.defaults(), 4);

    @Test
    void rejectsWrongImagesAndLatents() {
        try (ToyWorldModel m = new ToyWorldModel(be, 32, 8, 8, 2, new Rng(1)); Scope s = be.scope()) {
            assertThrows(IllegalArgumentException.class, () -> m.features(Var.constant(be.zeros(2, 1, 16, 16))));
            assertThrows(IllegalArgumentException.class, () -> m.features(Var.constant(be.zeros(2, 3, 32, 32))));
            Var h = m.features(Var.constant(be.zeros(2, 1, 32, 32)));
            assertThrows(IllegalArgumentException.class, () -> m.decode(h, Var.constant(be.zeros(2, 3))));
            assertThrows(IllegalArgumentException.class, () -> m.decode(h, Var.constant(be.zeros(1, 2))));
        }
        assertThrows(IllegalArgumentException.class, () -> new ToyWorldModel(be, 30, 8, 8, 2, new Rng(1)));
    }

    /** Each variant's loss on a fixed batch falls within 25 Adam steps. */
    @Test
    void everyVariantLearns() {
        for (ToyWorldModel.Variant v : ToyWorldModel.Variant.values()) {
            try (ToyWorldModel m = new ToyWorldModel(be, 32, 16, 32, 2, new Rng(2));
                 Adam adam = new Adam(m.trainableParameters(), 3e-3); Scope s = be.scope()) {
                Var[] b = ToyWorldExperiment.batch(be, world, 0, 32);
                double first = 0;
                double last = 0;
                for (int i = 0; i < 25; i++) {
                    try (Scope step = be.scope()) {
                        Var loss = m.loss(v, b[0], b[1], 5f);
                        last = loss.item();
                        first = i == 0 ? last : first;
                        adam.zeroGrad();
                        loss.backward();
                        adam.step();
                    }
                }
                assertTrue(last < 0.8 * first, v + ": " + first + " → " + last);
            }
        }
    }
}
