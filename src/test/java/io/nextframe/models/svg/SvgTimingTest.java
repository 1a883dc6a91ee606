package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wall-clock training-step and rollout times on simd for docs/MODELS.md (batch 16, 5 + 10 frames): the full
 * SM-MNIST config and reduced candidates. Long: run on its own with -Dgroups=long -Dtest=SvgTimingTest.
 */
@Tag("long")
class SvgTimingTest {

    @Test
    void stepAndRolloutTimes() {
        Backend be = Backends.get(System.getProperty("svg.backend", "simd"));
        SvgConfig full = SvgConfig.defaults(SvgKind.LP);
        SvgConfig[] configs = {full, full.withSizes(128, 10, 256, 32), full.withSizes(64, 10, 128, 32),
                full.withSizes(64, 10, 128, 16)};
        for (SvgConfig c : configs) {
            try (SvgModel m = new SvgModel(be, c, 1); SvgTrainer t = new SvgTrainer(m, 1); Scope s = be.scope()) {
                Tensor frames = SvgModelTest.movingSquares(be, 16, 15);
                t.step(frames);
                int n = 3;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    t.step(frames);
                }
                double step = (System.nanoTime() - t0) / 1e9 / n;
                Tensor ctx = SvgModelTest.movingSquares(be, 16, 5);
                m.predict(ctx, 10, 1, 1, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
                long r0 = System.nanoTime();
                m.predict(ctx, 10, 1, 1, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
                double roll = (System.nanoTime() - r0) / 1e9;
                System.out.printf("SVG timing %s nf=%d g=%d rnn=%d params=%d: train step %.3f s, rollout 5+10 "
                        + "batch 16 %.3f s, steps in 2 h %.0f%n", be.name(), c.nf(), c.gDim(), c.rnnSize(),
                        m.parameterCount(), step, roll, 7200 / step);
                assertTrue(step > 0 && roll > 0);
            }
        }
    }
}
