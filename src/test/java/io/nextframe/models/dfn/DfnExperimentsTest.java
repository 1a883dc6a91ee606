package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.optim.Adam;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The highway, stereo and steerable-filter architectures (CONTRACTS.md §8). */
class DfnExperimentsTest {
    private final Backend ref = Backends.get("reference");
    private final Backend simd = Backends.get("simd");

    @Test
    void parameterCountsOfThePaper() {
        try (HighwayDfn h = new HighwayDfn(ref, 64, false, 1); HighwayDfn hb = new HighwayDfn(ref, 64, true, 1);
             StereoDfn s = new StereoDfn(ref, 64, false, 1); StereoDfn sb = new StereoDfn(ref, 64, true, 1);
             SteerableFilters f = new SteerableFilters(ref, 1)) {
            assertEquals(368_122, h.parameterCount());
            assertEquals(368_245, hb.parameterCount());
            assertEquals(464_494, s.parameterCount());
            assertEquals(464_509, sb.parameterCount());
            assertEquals(18_897, f.parameterCount());
        }
    }

    @Test
    void highwayRunsOnSyntheticClipsAndTrains() {
        int npx = 16;
        try (HighwayDfn net = new HighwayDfn(simd, npx, false, 2); Adam adam = new Adam(net.trainableParameters(), 1e-2)) {
            float[] clips = Synthetic.movingSquares(2, 6, npx, 4);
            double first = 0, last = 0;
            for (int i = 0; i < 8; i++) {
                try (Scope sc = simd.scope()) {
                    Var x = Var.constant(simd.fromFloats(Shape.of(2, 6, 1, npx, npx), clips));
                    if (i == 0) {
                        List<Var> out = net.rollout(x, 3, 3);
                        assertEquals(3, out.size());
                        assertArrayEquals(new int[] {2, 1, npx, npx}, out.getFirst().shape().dims());
                    }
                    Var loss = net.loss(x, 3, 3);
                    last = loss.item();
                    first = i == 0 ? last : first;
                    loss.backward();
                }
                adam.step();
                adam.zeroGrad();
            }
            assertTrue(last < first, "highway loss " + first + " → " + last);
        }
    }

    @Test
    void stereoRunsOnSyntheticViews() {
        int npx = 16;
        try (StereoDfn net = new StereoDfn(simd, npx, false, 3); Scope sc = simd.scope()) {
            Var left = Var.constant(simd.fromFloats(Shape.of(2, 1, npx, npx), Synthetic.movingSquares(2, 1, npx, 1)));
            DfnNetwork.Step s = net.forward(left);
            assertArrayEquals(new int[] {2, 1, npx, npx}, s.output().shape().dims());
            assertArrayEquals(new int[] {2, 13, npx, npx}, s.filters().shape().dims());
        }
    }

    @Test
    void steerableFiltersAreLearned() {
        Backend be = simd;
        try (SteerableFilters net = new SteerableFilters(be, 4); Adam adam = new Adam(net.trainableParameters(), 1e-3)) {
            double first = 0, last = 0;
            int steps = 300;
            for (int s = 0; s < steps; s++) {
                SteerableFilters.Batch b = SteerableFilters.batch(9, s, 16, 12);
                try (Scope sc = be.scope()) {
                    Var loss = net.loss(b);
                    double l = loss.item();
                    first = s == 0 ? l : first;
                    last = l;
                    loss.backward();
                }
                adam.step();
                adam.zeroGrad();
            }
            assertTrue(last < 0.05 * first, "steerable loss " + first + " → " + last);
        }
    }
}
