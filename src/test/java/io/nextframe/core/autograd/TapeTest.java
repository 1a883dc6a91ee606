package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TapeTest {
    private final Backend b = GradCheck.reference();

    private Var param(double... v) {
        return Var.param(b.unscoped(b.fromDoubles(Shape.of(v.length), v)));
    }

    @Test
    void noGradModeRecordsNothing() {
        Var w = param(1, 2, 3);
        try (var scope = b.scope()) {
            Var y;
            try (var off = Grad.off()) {
                assertFalse(Grad.isEnabled());
                y = F.sum(F.mul(F.tanh(w), w));
                try (var on = Grad.on()) {
                    assertTrue(Grad.isEnabled());
                }
                assertFalse(Grad.isEnabled(), "closing an inner mode restores the outer one");
            }
            assertTrue(Grad.isEnabled());
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
            assertNull(y.op());
            assertThrows(IllegalArgumentException.class, y::backward);
        }
        w.value().close();
    }

    @Test
    void recordingModeIsPerThread() throws Exception {
        try (var off = Grad.off()) {
            boolean[] other = new boolean[1];
            Thread t = new Thread(() -> other[0] = Grad.isEnabled());
            t.start();
            t.join();
            assertTrue(other[0], "Grad.off() on one thread leaves the others recording");
            assertFalse(Grad.isEnabled());
        }
    }

    @Test
    void gradientsAccumulateOverTwoBackwardCalls() {
        Var w = param(0.5, -1, 2);
        try (var scope = b.scope()) {
            F.sum(F.square(w)).backward();
            assertArrayEquals(new double[] {1, -2, 4}, w.grad().toDoubleArray(), 1e-15);
            F.sum(F.scale(w, 3f)).backward();
            assertArrayEquals(new double[] {4, 1, 7}, w.grad().toDoubleArray(), 1e-15);
        }
        assertFalse(w.grad().isClosed(), "a leaf's gradient outlives the scope of the pass");
        w.zeroGrad();
        assertNull(w.grad());
        w.value().close();
    }

    @Test
    void seededBackwardOfANonScalar() {
        Var w = param(1, 2, 3);
        try (var scope = b.scope()) {
            Var y = F.mul(w, w);
            assertThrows(IllegalArgumentException.class, y::backward);
            y.backward(b.fromDoubles(Shape.of(3), 1, 0, -1));
            assertArrayEquals(new double[] {2, 0, -6}, w.grad().toDoubleArray(), 1e-15);
        }
        w.zeroGrad();
        w.value().close();
    }

    @Test
    void aFreedGraphRefusesASecondPassUnlessRetained() {
        Var w = param(1, 2);
        try (var scope = b.scope()) {
            Var y = F.sum(F.exp(w));
            y.backward();
            IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
            assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
            w.zeroGrad();
            Var z = F.sum(F.exp(w));
            z.backward(null, true);
            z.backward();
            assertArrayEquals(new double[] {2 * Math.exp(1), 2 * Math.exp(2)}, w.grad().toDoubleArray(), 1e-12);
        }
        w.zeroGrad();
        w.value().close();
    }

    @Test
    void autogradGradLeavesDotGradAlone() {
        Var w = param(1, 2);
        Var v = param(3, 4);
        try (var scope = b.scope()) {
            Var y = F.sum(F.mul(w, v));
            List<Var> g = Autograd.grad(List.of(y), List.of(w), false);
            assertArrayEquals(new double[] {3, 4}, g.getFirst().value().toDoubleArray(), 0);
            assertNull(w.grad());
            assertNull(v.grad());
            Var unrelated = param(5);
            Var g2 = Autograd.grad(F.sum(F.square(v)), unrelated, false);
            assertArrayEquals(new double[] {0}, g2.value().toDoubleArray(), 0);
            unrelated.value().close();
        }
        w.value().close();
        v.value().close();
    }

    @Test
    void gradientWithRespectToAnIntermediateValue() {
        Var w = param(1, 2);
        Var v = param(3, 4);
        try (var scope = b.scope()) {
            // x̂ = w·v is made by an op (as WGAN-GP's interpolate of real and generated samples)
            boolean[] probed = new boolean[1];
            Var wProbe = Var.make("probe", w.value(), (gy, n) -> {
                probed[0] = true;
                return new Var[] {gy};
            }, w);
            Var xHat = F.mul(wProbe, v);
            Var y = F.sum(F.square(xHat));
            Var g = Autograd.grad(y, xHat, false);
            assertArrayEquals(new double[] {6, 16}, g.value().toDoubleArray(), 0);
            assertFalse(probed[0], "the pass stops at x̂ and does not differentiate what made it");
        }
        w.value().close();
        v.value().close();
    }

    @Test
    void createGraphGivesDifferentiableGradients() {
        Var x = param(0.5, -0.25);
        try (var scope = b.scope()) {
            // d/dx Σ x³ = 3x², d²/dx² = 6x
            Var g = Autograd.grad(F.sum(F.pow(x, 3f)), x, true);
            assertTrue(g.requiresGrad());
            F.sum(g).backward();
            assertArrayEquals(new double[] {3, -1.5}, x.grad().toDoubleArray(), 1e-12);
            x.zeroGrad();
            // backward with createGraph: .grad holds values; the graph of the gradient stays usable
            Var y = F.sum(F.pow(x, 3f));
            Autograd.backward(y, null, false, true);
            assertArrayEquals(new double[] {0.75, 0.1875}, x.grad().toDoubleArray(), 1e-12);
            assertEquals(0.5 * 0.5 * 0.5 - 0.25 * 0.25 * 0.25, y.item(), 1e-15);
        }
        x.zeroGrad();
        x.value().close();
    }

    @Test
    void trainingLoopDoesNotLeak() {
        double[] wv = new double[18];
        for (int i = 0; i < wv.length; i++) {
            wv[i] = 0.3 * Math.cos(i);
        }
        Var w = Var.param(b.unscoped(b.fromDoubles(Shape.of(2, 1, 3, 3), wv)));
        Var bias = param(0.1, -0.1);
        Var lin = Var.param(b.unscoped(b.fromDoubles(Shape.of(1, 18), wv)));
        double[] xv = new double[2 * 25];
        for (int i = 0; i < xv.length; i++) {
            xv[i] = Math.sin(i);
        }
        long before = b.liveTensors();
        long afterFirst = -1;
        for (int step = 0; step < 40; step++) {
            try (var scope = b.scope()) {
                Var x = Var.param(b.fromDoubles(Shape.of(2, 1, 5, 5), xv));
                Var h = F.leakyRelu(F.conv(ConvSpec.of(2, 2, 1), x, w, bias), 0.2f);
                Var score = F.linear(F.flatten(h), lin, null);
                Var dx = Autograd.grad(F.sum(score), x, true);
                Var loss = F.add(F.mean(score), F.mean(F.square(dx)));
                loss.backward();
                Tensor g = w.grad();
                b.binary(io.nextframe.core.ops.BinaryOp.SUB, w.value(), g, w.value());
                x.zeroGrad(); // x is a leaf that requires grad: backward() accumulated into it too
            }
            try (var off = Grad.off(); var scope = b.scope()) {
                F.sum(F.relu(F.linear(F.reshape(Var.constant(b.fromDoubles(Shape.of(18), new double[18])), 1, 18),
                        lin, null)));
            }
            w.zeroGrad();
            bias.zeroGrad();
            lin.zeroGrad();
            if (step == 0) {
                afterFirst = b.liveTensors();
            }
        }
        assertEquals(before, afterFirst, "a step leaves no tensor behind");
        assertEquals(afterFirst, b.liveTensors(), "live tensors after 40 steps");
        w.value().close();
        bias.value().close();
        lin.value().close();
    }

    @Test
    void firstOrderPassFreesGradientsItNoLongerNeeds() {
        Var x = param(0.1, 0.2, 0.3);
        long[] liveAtTheEnd = new long[1];
        try (var scope = b.scope()) {
            // a probe next to the leaf: its backward runs last and sees what the pass still holds
            Var probe = Var.make("probe", x.value(), (gy, n) -> {
                liveAtTheEnd[0] = b.liveTensors();
                return new Var[] {gy};
            }, x);
            Var y = probe;
            for (int i = 0; i < 60; i++) {
                y = F.tanh(F.affine(y, 1.01f, 0.01f));
            }
            Var loss = F.sum(y);
            long beforeBackward = b.liveTensors();
            loss.backward();
            assertTrue(liveAtTheEnd[0] - beforeBackward < 8, "the pass held " + (liveAtTheEnd[0] - beforeBackward)
                    + " tensors at its end, over a chain of 120 ops");
            assertEquals(beforeBackward + 1, b.liveTensors(), "after the pass only x.grad remains");
        }
        x.zeroGrad();
        x.value().close();
    }
}
