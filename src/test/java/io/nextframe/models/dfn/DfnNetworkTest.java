package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.optim.Adam;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DfnNetworkTest {
    private final Backend ref = Backends.get("reference");

    @Test
    void theMovingMnistModelHasThePublishedParameterCounts() {
        try (DfnNetwork dfn = new DfnNetwork(ref, DfnConfig.defaults());
             DfnNetwork base = new DfnNetwork(ref, DfnConfig.defaults().withBaseline(true))) {
            assertEquals(637_361, dfn.parameterCount());
            assertEquals(637_443, base.parameterCount());
            assertEquals("dfn", dfn.config().kind());
            try (DfnNetwork reduced = new DfnNetwork(ref, DfnConfig.reduced())) {
                assertEquals(162_305, reduced.parameterCount());
            }
            assertEquals("dfn-baseline", base.config().kind());
            // He-uniform, gain 1: |w| ≤ √(6 / fan_in); biases zero
            double bound = Math.sqrt(6.0 / (9 * 32));
            float[] w = dfn.stateDict().get("l1.weight").toFloatArray();
            double max = 0;
            for (float v : w) {
                max = Math.max(max, Math.abs(v));
            }
            assertTrue(max <= bound && max > 0.9 * bound, "max |w| " + max + " vs bound " + bound);
            assertArrayEquals(new float[81], dfn.stateDict().get("l12.bias").toFloatArray());
        }
    }

    @Test
    void shapesOfAStepAndOfTheRollout() {
        DfnConfig c = DfnConfig.tiny();
        try (DfnNetwork net = new DfnNetwork(ref, c); Scope s = ref.scope()) {
            Var clips = Var.constant(ref.fromFloats(Shape.of(2, 6, 1, 16, 16), Synthetic.movingSquares(2, 6, 16, 0)));
            DfnNetwork.Step st = net.step(io.nextframe.core.autograd.F.select(clips, 1, 0), net.initialHidden(2));
            assertArrayEquals(new int[] {2, 1, 16, 16}, st.output().shape().dims());
            assertArrayEquals(new int[] {2, 16, 8, 8}, st.hidden().shape().dims());
            assertArrayEquals(new int[] {2, 25, 16, 16}, st.filters().shape().dims());
            assertArrayEquals(new int[] {2, 2, 16, 16}, net.flow(st.filters()).shape().dims());
            List<Var> pred = DfnUnroll.rollout(net, clips, 3);
            assertEquals(3, pred.size());
            // softmax filters make every prediction a convex combination of pixels in [0, 1]
            for (Var p : pred) {
                for (float v : p.value().toFloatArray()) {
                    assertTrue(v >= -1e-6 && v <= 1 + 1e-6, "prediction " + v);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void aFewTrainingStepsReduceTheLoss(String backend) {
        Backend be = Backends.get(backend);
        for (boolean baseline : new boolean[] {false, true}) {
            DfnConfig c = DfnConfig.tiny().withBaseline(baseline);
            try (DfnNetwork net = new DfnNetwork(be, c); Adam adam = new Adam(net.trainableParameters(), baseline ? 2e-3 : 1e-2)) {
                // the baseline's output is unbounded (no softmax filter): a smaller step keeps it from overshooting
                float[] data = Synthetic.movingSquares(2, 6, 16, 3);
                double first = 0, last = 0;
                for (int i = 0; i < 12; i++) {
                    double l;
                    try (Scope s = be.scope()) {
                        Var loss = DfnUnroll.loss(net, Var.constant(be.fromFloats(Shape.of(2, 6, 1, 16, 16), data)));
                        l = loss.item();
                        loss.backward();
                    }
                    adam.step();
                    adam.zeroGrad();
                    if (i == 0) {
                        first = l;
                    }
                    last = l;
                }
                assertTrue(last < 0.9 * first, backend + (baseline ? " baseline" : " dfn") + ": loss " + first
                        + " → " + last);
            }
        }
    }
}
