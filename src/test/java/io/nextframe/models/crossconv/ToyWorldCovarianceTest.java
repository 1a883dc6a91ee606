package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.shapes.ToyWorld;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * §3.2: the cVAE trained on the toy world recovers each class's motion covariance — diag(0.2, 1) for circles,
 * diag(1, 0.2) for squares — when z is drawn from the prior; the deterministic variant collapses to ≈ 0.
 * λ = 5 (σ² = 0.1); 3,000 steps of batch 64 on simd (≈ 75 s on the loaded 2-core machine).
 */
@Tag("long")
class ToyWorldCovarianceTest {
    private static final float LAMBDA = 5f;

    @Test
    void cvaeRecoversThePerClassCovarianceAndTheDeterministicModelDoesNot() {
        Backend be = Backends.get("simd");
        ToyWorld world = new ToyWorld(ToyWorld.Config.defaults(), 1);
        try (ToyWorldModel cvae = ToyWorldExperiment.train(be, world, ToyWorldModel.Variant.CVAE, 3000, 64, 2e-3,
                LAMBDA, 3)) {
            ToyWorldExperiment.Covariances c = ToyWorldExperiment.sampledCovariances(be, cvae,
                    ToyWorldModel.Variant.CVAE, world, 5_000_000L, 2000, 9).withObservationNoise(LAMBDA);
            assertEquals(0.2, c.circle()[0], 0.1, "circle σxx");
            assertEquals(1.0, c.circle()[2], 0.25, "circle σyy");
            assertEquals(1.0, c.square()[0], 0.25, "square σxx");
            assertEquals(0.2, c.square()[2], 0.1, "square σyy");
            assertEquals(0, c.circle()[1], 0.1);
            assertEquals(0, c.square()[1], 0.1);
        }
        try (ToyWorldModel det = ToyWorldExperiment.train(be, world, ToyWorldModel.Variant.DETERMINISTIC, 1000, 64,
                2e-3, LAMBDA, 3)) {
            ToyWorldExperiment.Covariances c = ToyWorldExperiment.sampledCovariances(be, det,
                    ToyWorldModel.Variant.DETERMINISTIC, world, 5_000_000L, 1000, 9);
            assertTrue(c.circle()[2] < 0.05 && c.square()[0] < 0.05, "deterministic samples do not vary");
        }
    }
}
