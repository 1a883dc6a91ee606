package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.shapes.Shapes;
import io.nextframe.layers.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Shapes, parameter counts, input checks, gradients, training and checkpoints of the Cross Convolutional Network. */
class CrossConvNetTest {
    private final Backend be = Backends.get("reference");

    /** conv k×k in→out with bias, plus BN's γ, β when bn. */
    private static long conv(int in, int out, int k, boolean bn) {
        return (long) in * out * k * k + out + (bn ? 2L * out : 0);
    }

    /** The parameter count written out layer by layer from the spec, independently of the model's code. */
    private static long expectedParameters(CrossConvConfig c) {
        int[] w = c.motionWidths();
        long n = conv(6, w[0], 5, true);
        for (int i = 1; i < 6; i++) {
            n += conv(w[i - 1], w[i], 5, true);
        }
        n += conv(w[5], 2 * c.zChannels(), c.inputSize() / 16 - c.kernelSize() + 1, false);
        n += 2 * conv(c.zChannels(), c.zChannels(), 5, true);
        n += c.scales() * (conv(3, c.imageWidth(), 5, true) + 2 * conv(c.imageWidth(), c.imageWidth(), 5, true)
                + conv(c.imageWidth(), c.featureChannels(), 5, true));
        n += conv(c.zChannels(), c.decoderWidth(), c.decoderKernel(), true)
                + conv(c.decoderWidth(), c.decoderWidth(), 1, true) + conv(c.decoderWidth(), 3, 1, false);
        return n;
    }

    @Test
    void referenceConfigurationHasTheSpecsSizes() {
        CrossConvConfig c = CrossConvConfig.defaults();
        assertEquals(3200, c.zSize());
        assertEquals(64, c.outputSize());
        assertEquals(256, c.pyramidSize(3));
        assertEquals(32, c.pyramidSize(0));
        assertEquals(4000, CrossConvConfig.fiveScales().zSize());
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(1))) {
            long n = net.parameterCount();
            assertEquals(expectedParameters(c), n);
            assertEquals(7.68e6, n, 0.01 * 7.68e6, "≈ 7.68 M parameters in the spec, got " + n);
        }
        try (CrossConvNet small = new CrossConvNet(be, CrossConvConfig.small(), new Rng(1))) {
            assertEquals(expectedParameters(CrossConvConfig.small()), small.parameterCount());
        }
    }

    @Test
    void forwardShapes() {
        for (CrossConvConfig c : new CrossConvConfig[] {CrossConvConfig.tiny(), CrossConvConfig.small()}) {
            try (CrossConvNet net = new CrossConvNet(be, c, new Rng(2)); Scope s = be.scope()) {
                PairBatch b = PairBatch.of(be, new Shapes(Shapes.Config.defaults().withSize(c.inputSize()), 3), 0, 2);
                Var a = Var.constant(b.first());
                CrossConvNet.Posterior q = net.encode(a, Var.constant(b.second()));
                assertEquals(net.zShape(2), q.mean().shape());
                assertEquals(net.zShape(2), q.logvar().shape());
                Var v = net.decode(net.sample(q), a);
                Shape out = Shape.of(2, 3, c.outputSize(), c.outputSize());
                assertEquals(out, v.shape());
                assertEquals(out, net.target(a, Var.constant(b.second())).shape());
                assertEquals(out, net.nextFrame(a, v).shape());
            }
        }
    }

    @Test
    void badInputsAreRejectedBeforeCompute() {
        CrossConvConfig c = CrossConvConfig.tiny();
        int n = c.inputSize();
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(3)); Scope s = be.scope()) {
            Var ok = Var.constant(be.zeros(2, 3, n, n));
            Var otherSize = Var.constant(be.zeros(2, 3, n + 16, n + 16));
            Var gray = Var.constant(be.zeros(2, 1, n, n));
            Var otherBatch = Var.constant(be.zeros(1, 3, n, n));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.encode(ok, otherSize));
            assertTrue(e.getMessage().contains("second") && e.getMessage().contains("expected"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> net.encode(gray, ok));
            assertThrows(IllegalArgumentException.class, () -> net.encode(ok, otherBatch));
            assertThrows(IllegalArgumentException.class, () -> net.target(ok, gray));
            Var zWrong = Var.constant(be.zeros(2, c.zChannels() + 1, c.kernelSize(), c.kernelSize()));
            e = assertThrows(IllegalArgumentException.class, () -> net.decode(zWrong, ok));
            assertTrue(e.getMessage().contains("z is"), e.getMessage());
            Var zBatch = Var.constant(be.zeros(net.zShape(1)));
            assertThrows(IllegalArgumentException.class, () -> net.decode(zBatch, ok));
            assertThrows(IllegalArgumentException.class, () -> net.decode(Var.constant(be.zeros(net.zShape(2))),
                    otherSize));
        }
        assertThrows(IllegalArgumentException.class,
                () -> new CrossConvConfig(40, 2, 4, 3, new int[] {4, 4, 8, 8, 8, 8}, 4, 8, 3, 128f));
        assertThrows(IllegalArgumentException.class,
                () -> new CrossConvConfig(48, 2, 4, 4, new int[] {4, 4, 8, 8, 8, 8}, 4, 8, 3, 128f));
        assertThrows(IllegalArgumentException.class,
                () -> new CrossConvConfig(48, 2, 4, 5, new int[] {4, 4, 8, 8, 8, 8}, 4, 8, 3, 128f));
    }

    /**
     * Finite differences in float64 through decode (BN on running statistics, so the samples are independent):
     * d/dz reaches the kernels (per-sample dK of the cross convolution), d/dframe reaches the feature maps (dF).
     * Each sample's z changes only its own output.
     */
    @Test
    void crossConvolutionPathGradients() {
        checkGradients(CrossConvConfig.tiny(), new int[] {0, 7, -1, 0, 11, -1}, new int[] {5, 17, 17, 3});
    }

    /** The same check through the small configuration (3 scales, 3×3 kernels), on fewer elements. */
    @Test
    void crossConvolutionPathGradientsOfTheSmallConfiguration() {
        checkGradients(CrossConvConfig.small(), new int[] {4, -1, 100}, new int[] {1000, 20000});
    }

    /**
     * zPicks: offsets into sample 0's z then sample 1's (−1 = the last element of that sample; the first half of
     * the list is sample 0); framePicks: element indices of the frames (the second half in sample 1).
     */
    private void checkGradients(CrossConvConfig c, int[] zPicks, int[] framePicks) {
        int n = c.inputSize();
        Random r = new Random(4);
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(4)); Scope s = be.scope()) {
            net.to(DType.F64);
            net.eval();
            double[] z = gaussian(r, 2 * c.zSize());
            double[] frame = gaussian(r, 2 * 3 * n * n);
            double[] weights = gaussian(r, 2 * 3 * c.outputSize() * c.outputSize());
            Var zv = Var.param(be.fromDoubles(net.zShape(2), z));
            Var fv = Var.param(be.fromDoubles(Shape.of(2, 3, n, n), frame));
            Var w = Var.constant(be.fromDoubles(Shape.of(2, 3, c.outputSize(), c.outputSize()), weights));
            F.sum(F.mul(net.decode(zv, fv), w)).backward();
            double[] dz = zv.grad().toDoubleArray();
            double[] df = fv.grad().toDoubleArray();
            double h = 1e-5;
            int[] zi = new int[zPicks.length];
            for (int j = 0; j < zPicks.length; j++) {
                int sample = j < (zPicks.length + 1) / 2 ? 0 : 1;
                zi[j] = sample * c.zSize() + (zPicks[j] < 0 ? c.zSize() - 1 : zPicks[j]);
            }
            int frameSize = 3 * n * n;
            int[] fi = new int[framePicks.length];
            for (int j = 0; j < framePicks.length; j++) {
                int sample = j < framePicks.length / 2 ? 0 : 1;
                fi[j] = sample * frameSize + Math.floorMod(framePicks[j], frameSize);
            }
            for (int i : zi) {
                double num = (objective(net, c, z, frame, weights, true, i, h)
                        - objective(net, c, z, frame, weights, true, i, -h)) / (2 * h);
                assertEquals(num, dz[i], 1e-6 + 1e-5 * Math.abs(num), "dz[" + i + "]");
            }
            for (int i : fi) {
                double num = (objective(net, c, z, frame, weights, false, i, h)
                        - objective(net, c, z, frame, weights, false, i, -h)) / (2 * h);
                assertEquals(num, df[i], 1e-6 + 1e-5 * Math.abs(num), "dframe[" + i + "]");
            }
            // per-sample kernels: sample 1's output does not depend on sample 0's z
            double[] w1 = weights.clone();
            java.util.Arrays.fill(w1, 0, w1.length / 2, 0);
            double base = objectiveWith(net, c, z, frame, w1);
            double[] z2 = z.clone();
            z2[3] += 0.5;
            assertEquals(base, objectiveWith(net, c, z2, frame, w1), 1e-12);
        }
    }

    private double objective(CrossConvNet net, CrossConvConfig c, double[] z, double[] frame, double[] w,
                             boolean onZ, int i, double h) {
        double[] z2 = z.clone();
        double[] f2 = frame.clone();
        (onZ ? z2 : f2)[i] += h;
        return objectiveWith(net, c, z2, f2, w);
    }

    private double objectiveWith(CrossConvNet net, CrossConvConfig c, double[] z, double[] frame, double[] w) {
        int n = c.inputSize();
        try (Scope s = be.scope(); var off = io.nextframe.core.autograd.Grad.off()) {
            Var out = net.decode(Var.constant(be.fromDoubles(net.zShape(2), z)),
                    Var.constant(be.fromDoubles(Shape.of(2, 3, n, n), frame)));
            return F.sum(F.mul(out, Var.constant(be.fromDoubles(out.shape(), w)))).item();
        }
    }

    private static double[] gaussian(Random r, int n) {
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = r.nextGaussian();
        }
        return d;
    }

    /** The tiny net starts near zero output (weights N(0, 0.02)); 9 Adam steps at lr 2e-2 on 2 pairs cut the MSE 15%. */
    @Test
    void aFewStepsReduceTheLossOnReferenceAndSimd() {
        for (String name : new String[] {"reference", "simd"}) {
            Backend b = Backends.get(name);
            CrossConvConfig c = CrossConvConfig.tiny();
            // the AE ablation shares every code path but the sampling and KL: once, on the reference backend
            for (CrossConvTrainer.Mode mode : name.equals("reference") ? CrossConvTrainer.Mode.values()
                    : new CrossConvTrainer.Mode[] {CrossConvTrainer.Mode.CVAE}) {
                try (CrossConvNet net = new CrossConvNet(b, c, new Rng(5));
                     CrossConvTrainer t = new CrossConvTrainer(net, CrossConvLoss.defaults(), mode, 2e-2);
                     Scope s = b.scope()) {
                    PairBatch batch = PairBatch.of(b, new Shapes(Shapes.Config.defaults().withSize(c.inputSize()), 5),
                            0, 2);
                    double first = t.step(batch.first(), batch.second()).reconstruction();
                    double last = first;
                    for (int i = 0; i < 8; i++) {
                        last = t.step(batch.first(), batch.second()).reconstruction();
                    }
                    assertTrue(Double.isFinite(last) && last < 0.92 * first,
                            name + " " + mode + ": reconstruction " + first + " → " + last);
                }
            }
        }
    }

    @Test
    void checkpointRoundTrip(@TempDir Path dir) throws Exception {
        CrossConvConfig c = CrossConvConfig.tiny();
        Path file = dir.resolve("cc.safetensors");
        Shapes shapes = new Shapes(Shapes.Config.defaults().withSize(c.inputSize()), 6);
        float[] expected;
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(6));
             CrossConvTrainer t = new CrossConvTrainer(net, CrossConvLoss.defaults(), CrossConvTrainer.Mode.CVAE, 1e-3);
             Scope s = be.scope()) {
            PairBatch batch = PairBatch.of(be, shapes, 0, 2);
            t.step(batch.first(), batch.second());
            CrossConvCheckpoint.save(file, net, t.optimizer(), 1);
            expected = predict(net, batch);
        }
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(99));
             CrossConvTrainer t = new CrossConvTrainer(net, CrossConvLoss.defaults(), CrossConvTrainer.Mode.CVAE, 1e-3);
             Scope s = be.scope()) {
            assertEquals(1, CrossConvCheckpoint.load(file, net, t.optimizer()));
            assertArrayEquals(expected, predict(net, PairBatch.of(be, shapes, 0, 2)));
        }
        CrossConvConfig other = CrossConvConfig.tiny().withScales(1);
        try (CrossConvNet net = new CrossConvNet(be, other, new Rng(6))) {
            assertThrows(IllegalArgumentException.class, () -> CrossConvCheckpoint.load(file, net, null));
        }
    }

    /** Deterministic prediction: eval mode, z = μ. */
    private static float[] predict(CrossConvNet net, PairBatch b) {
        net.eval();
        try (var off = io.nextframe.core.autograd.Grad.off()) {
            Var a = Var.constant(b.first());
            Tensor v = net.decode(net.encode(a, Var.constant(b.second())).mean(), a).value();
            return v.toFloatArray();
        }
    }
}
