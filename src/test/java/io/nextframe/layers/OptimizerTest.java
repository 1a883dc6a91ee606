package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.io.HostTensor;
import io.nextframe.layers.losses.Losses;
import io.nextframe.layers.optim.Adam;
import io.nextframe.layers.optim.Clipping;
import io.nextframe.layers.optim.Optimizer;
import io.nextframe.layers.optim.RmsProp;
import io.nextframe.layers.optim.Schedules;
import io.nextframe.layers.optim.Sgd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OptimizerTest {
    private final Backend be = Backends.get("reference");

    /** A two-element model with loss Σ c_i·w_i², so g = 2·c·w. */
    private static final class Quad extends Module {
        final Parameter w;

        Quad(Backend b, float... init) {
            super(b);
            w = parameter("w", b.fromFloats(Shape.of(init.length), init));
        }

        void backward(float... c) {
            try (Scope s = backend.scope()) {
                F.sum(F.mul(F.square(w.var()), Var.constant(backend.fromFloats(Shape.of(c.length), c)))).backward();
            }
        }
    }

    @Test
    void adamMatchesAHandComputedStep() {
        try (Quad q = new Quad(be, 1f, -2f); Optimizer adam = new Adam(q.trainableParameters(), 0.1, 0.9, 0.99,
                1e-8, 0)) {
            double[] w = {1, -2}, m = new double[2], v = new double[2];
            for (int t = 1; t <= 3; t++) {
                q.backward(1f, 0.5f);
                adam.step();
                adam.zeroGrad();
                for (int i = 0; i < 2; i++) {
                    double g = 2 * (i == 0 ? 1 : 0.5) * w[i];
                    m[i] = 0.9 * m[i] + 0.1 * g;
                    v[i] = 0.99 * v[i] + 0.01 * g * g;
                    double mh = m[i] / (1 - Math.pow(0.9, t)), vh = v[i] / (1 - Math.pow(0.99, t));
                    w[i] -= 0.1 * mh / (Math.sqrt(vh) + 1e-8);
                }
                float[] got = q.w.value().toFloatArray();
                assertEquals(w[0], got[0], 1e-6, "step " + t);
                assertEquals(w[1], got[1], 1e-6, "step " + t);
            }
            // the first step moves each weight by lr against its gradient's sign
            assertEquals(3, adam.steps());
        }
    }

    @Test
    void sgdMomentumAndWeightDecay() {
        try (Quad q = new Quad(be, 1f, 2f); Sgd sgd = new Sgd(q.trainableParameters(), 0.1, 0.5, 0.1, 0.01)) {
            double[] w = {1, 2}, v = new double[2];
            for (int t = 0; t < 3; t++) {
                sgd.setMomentum(Schedules.lapganMomentum(t * 100));
                q.backward(1f, 1f);
                sgd.step();
                sgd.zeroGrad();
                for (int i = 0; i < 2; i++) {
                    double g = 2 * w[i] + 0.01 * w[i];
                    v[i] = t == 0 ? g : sgd.momentum() * v[i] + 0.9 * g;
                    w[i] -= 0.1 * v[i];
                }
                assertArrayEquals(new float[] {(float) w[0], (float) w[1]}, q.w.value().toFloatArray(), 1e-6f);
            }
            assertEquals(0.66, sgd.momentum(), 1e-12);
        }
    }

    @Test
    void rmsPropStep() {
        try (Quad q = new Quad(be, 1f, -1f); RmsProp opt = new RmsProp(q.trainableParameters(), 0.01)) {
            q.backward(1f, 2f);
            opt.step();
            // s = 0.01·g², step = lr·g/√s = lr·sign(g)/0.1
            assertArrayEquals(new float[] {1 - 0.1f, -1 + 0.1f}, q.w.value().toFloatArray(), 1e-5f);
        }
    }

    @Test
    void stateExportsAndImportsThroughACheckpoint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("ckpt.safetensors");
        try (Quad a = new Quad(be, 1f, -2f); Adam optA = new Adam(a.trainableParameters(), 0.05);
             Quad b = new Quad(be, 0f, 0f); Adam optB = new Adam(b.trainableParameters(), 0.05)) {
            for (int t = 0; t < 2; t++) {
                a.backward(1f, 1f);
                optA.step();
                optA.zeroGrad();
            }
            Map<String, HostTensor> st = optA.stateDict();
            assertTrue(st.containsKey("w.exp_avg") && st.containsKey("w.exp_avg_sq") && st.containsKey("step"),
                    st.keySet().toString());
            Checkpoint.save(file, Map.of("model", a), Map.of("adam", optA), Map.of("note", "x"));
            Checkpoint.load(file, Map.of("model", b), Map.of("adam", optB), true);
            assertEquals(2, optB.steps());
            a.backward(1f, 1f);
            optA.step();
            b.backward(1f, 1f);
            optB.step();
            assertArrayEquals(a.w.value().toFloatArray(), b.w.value().toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> optB.loadStateDict(Map.of()));
        }
    }

    @Test
    void clipping() {
        try (Quad q = new Quad(be, 3f, 4f)) {
            q.backward(0.5f, 0.5f); // g = (3, 4), norm 5
            double n = Clipping.clipGradNorm(q.parameters(), 1.0);
            assertEquals(5, n, 1e-6);
            assertArrayEquals(new float[] {0.6f, 0.8f}, q.w.grad().toFloatArray(), 1e-5f);
            Clipping.clipWeights(q.parameters(), 0.01f);
            assertArrayEquals(new float[] {0.01f, 0.01f}, q.w.value().toFloatArray());
        }
    }

    @Test
    void schedules() {
        assertEquals(1e-3, Schedules.step(1e-3, 20, 0.5, 19), 1e-15);
        assertEquals(5e-4, Schedules.step(1e-3, 20, 0.5, 20), 1e-15);
        assertEquals(2.5e-4, Schedules.step(1e-3, 20, 0.5, 45), 1e-15);
        assertEquals(0.1 * 0.9 * 0.9, Schedules.exponential(0.1, 0.9, 2), 1e-15);
        assertEquals(0.5, Schedules.lapganMomentum(0), 1e-15);
        assertEquals(0.7, Schedules.lapganMomentum(10_000), 1e-15);
    }

    @Test
    void smallConvNetLossDecreases() {
        Rng rng = new Rng(17);
        try (Sequential net = new Sequential(be, Conv.conv2d(be, 1, 4, 3, 1, 1, rng), new BatchNorm(be, 4),
                Activation.relu(be), Conv.conv2d(be, 4, 1, 3, 1, 1, rng), Activation.sigmoid(be));
             Adam adam = new Adam(net.trainableParameters(), 0.02)) {
            float[] x = new float[4 * 8 * 8], t = new float[4 * 8 * 8];
            java.util.Random r = new java.util.Random(1);
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextFloat();
                t[i] = x[i] > 0.5f ? 1f : 0f;
            }
            double first = 0, last = 0;
            for (int step = 0; step < 15; step++) {
                try (Scope s = be.scope()) {
                    Var in = Var.constant(be.fromFloats(Shape.of(4, 1, 8, 8), x));
                    Var target = Var.constant(be.fromFloats(Shape.of(4, 1, 8, 8), t));
                    Var loss = Losses.bce(net.forward(in), target);
                    double l = loss.item();
                    first = step == 0 ? l : first;
                    last = l;
                    loss.backward();
                    adam.step();
                    adam.zeroGrad();
                }
            }
            assertTrue(last < 0.8 * first, "loss " + first + " → " + last);
        }
    }

    @Test
    void trainingLeavesNoTensorBehindOnceModelAndOptimizerAreClosed() {
        long before = be.liveTensors();
        Rng rng = new Rng(2);
        try (Sequential net = new Sequential(be, Conv.conv2d(be, 1, 2, 3, 1, 1, rng), new BatchNorm(be, 2),
                new LayerNorm(be, 4, 4), Activation.tanh(be), new Dropout(be, 0.1f, rng));
             Adam adam = new Adam(net.trainableParameters(), 0.01)) {
            for (int step = 0; step < 3; step++) {
                try (Scope s = be.scope()) {
                    Var y = net.forward(Var.constant(be.full(Shape.of(2, 1, 4, 4), 0.5f)));
                    F.mean(F.square(y)).backward();
                    Clipping.clipGradNorm(net.parameters(), 1.0);
                    adam.step();
                    adam.zeroGrad();
                }
            }
            assertTrue(be.liveTensors() > before);
        }
        assertEquals(before, be.liveTensors(), "tensors left alive after closing the model and the optimizer");
    }
}
