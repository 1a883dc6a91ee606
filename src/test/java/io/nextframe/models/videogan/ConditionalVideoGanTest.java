package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Rng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConditionalVideoGanTest {
    private final Backend ref = Backends.get("reference");

    @Test
    void shapesAndEncoderParameterCount() {
        VideoGanConfig cfg = VideoGanConfig.tiny(3);
        int cw = cfg.criticWidth();
        try (ConditionalVideoGan m = new ConditionalVideoGan(ref, cfg, true, new Rng(1)); Scope s = ref.scope()) {
            Var photo = Var.constant(ref.zeros(2, 3, 16, 16));
            Generated g = m.generate(photo);
            assertEquals(Shape.of(2, 3, 8, 16, 16), g.video().shape());
            assertEquals(Shape.of(2, 6, 8, 16, 16), m.joint(g.video(), photo).shape());
            assertEquals(Shape.of(2, 1), m.critic().forward(m.joint(g.video(), photo)).shape());
            long enc = (long) cw * 3 * 16 + cw + (long) 2 * cw * cw * 16 + 2 * cw + (long) 2 * cw * 16 * cfg.noise()
                    + cfg.noise();
            assertEquals(enc, m.encoder().parameterCount());
        }
    }

    @Test
    void trainingStepsOnReference() {
        VideoGanConfig cfg = VideoGanConfig.tiny(1);
        try (ConditionalVideoGan m = new ConditionalVideoGan(ref, cfg, false, new Rng(1));
             ConditionalTrainer t = new ConditionalTrainer(m, WganTrainer.Settings.gp(), 10f, 3); Scope s = ref.scope()) {
            Var real = Var.constant(VideoGanTest.movingSquares(ref, DType.F32, 2, 1, 8, 16, 5));
            double critic0 = t.criticStep(real)[0];
            assertTrue(Double.isFinite(critic0));
            t.criticOptimizer().setLr(0);
            double first = t.generatorStep(real)[1];
            double last = first;
            for (int i = 0; i < 6; i++) {
                last = t.generatorStep(real)[1];
            }
            assertTrue(last < first, "middle-frame MSE " + first + " → " + last);
        }
    }

    @Test
    void badPhotoFailsBeforeCompute() {
        VideoGanConfig cfg = VideoGanConfig.tiny(1);
        try (ConditionalVideoGan m = new ConditionalVideoGan(ref, cfg, false, new Rng(1)); Scope s = ref.scope()) {
            var e = assertThrows(IllegalArgumentException.class, () -> m.generate(Var.constant(ref.zeros(2, 3, 16, 16))));
            assertTrue(e.getMessage().contains("expected (B, 1, 16, 16)"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> m.generate(Var.constant(ref.zeros(2, 1, 32, 32))));
        }
    }
}
