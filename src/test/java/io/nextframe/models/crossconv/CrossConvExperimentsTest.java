package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.data.shapes.Shapes;
import io.nextframe.layers.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Applications, latent statistics and the Fig. 5 machinery on the tiny configuration. */
class CrossConvExperimentsTest {
    private final Backend be = Backends.get("reference");
    private final CrossConvConfig c = CrossConvConfig.tiny();
    private final Shapes shapes = new Shapes(Shapes.Config.defaults().withSize(c.inputSize()), 21);

    @Test
    void analogyExtrapolationTraversalAndSampling() {
        int out = c.outputSize();
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(7)); Scope s = be.scope()) {
            PairBatch b = PairBatch.of(be, shapes, 0, 2);
            LatentBank bank = new LatentBank(c.zSize());
            bank.addEncoded(net, b.first(), b.second());
            assertEquals(2, bank.size());
            Tensor z = bank.sampleEmpirical(be, net.zShape(3), new SplittableRandom(1));
            float[] zz = z.toFloatArray();
            for (int i = 0; i < 3; i++) {
                float[] row = java.util.Arrays.copyOfRange(zz, i * c.zSize(), (i + 1) * c.zSize());
                assertTrue(java.util.Arrays.equals(row, bank.get(0)) || java.util.Arrays.equals(row, bank.get(1)));
            }
            assertEquals(net.zShape(2), bank.samplePrior(be, net.zShape(2), new SplittableRandom(2)).shape());
            assertThrows(IllegalArgumentException.class, () -> bank.add(new float[c.zSize() + 1]));
            Shape frames = Shape.of(2, 3, out, out);
            assertEquals(frames, Applications.analogy(net, b.first(), b.second(), b.first()).shape());
            List<Tensor> ex = Applications.extrapolate(net, bank.sampleEmpirical(be, net.zShape(2),
                    new SplittableRandom(3)), b.first(), 3);
            assertEquals(3, ex.size());
            ex.forEach(t -> assertEquals(frames, t.shape()));
            Tensor z1 = bank.sampleEmpirical(be, net.zShape(1), new SplittableRandom(4));
            PairBatch one = PairBatch.of(be, shapes, 5, 1);
            List<Tensor> tr = Applications.traverse(net, z1, one.first(), 0, new double[] {-2, 0, 2});
            assertEquals(3, tr.size());
            assertThrows(IllegalArgumentException.class,
                    () -> Applications.traverse(net, z1, one.first(), c.zSize(), new double[] {0}));
            // zero-shot analogy with C = A reproduces the reconstruction of B's difference from A
            Tensor rec = Applications.predict(net, net.encode(io.nextframe.core.autograd.Var.constant(b.first()),
                    io.nextframe.core.autograd.Var.constant(b.second())).mean().value(), b.first());
            assertArrayEquals(rec.toFloatArray(), Applications.analogy(net, b.first(), b.second(), b.first())
                    .toFloatArray(), 1e-6f);
        }
    }

    @Test
    void latentStatisticsCountDimensionsAndComponents() {
        Random r = new Random(8);
        int n = 120;
        int d = 40;
        double[][] rows = new double[n][d];
        // three independent directions of variance 18, 8, 4 (the third needed for 95 %); dimension 5 is tiny noise
        for (double[] row : rows) {
            double a = 3 * r.nextGaussian();
            double b = 2 * r.nextGaussian();
            double e = 2 * r.nextGaussian();
            row[0] = a;
            row[1] = a;
            row[2] = b;
            row[3] = -b;
            row[4] = e;
            row[5] = 0.001 * r.nextGaussian();
        }
        LatentStatistics s = LatentStatistics.of(rows, 1e-2);
        assertEquals(5, s.nonZero());
        assertEquals(3, s.components95());
        assertEquals(30, s.totalVariance(), 6);
        // the same rows padded with zero dimensions (d > n: the Gram path instead of the scatter path) agree
        double[][] wide = new double[n][200];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows[i], 0, wide[i], 0, d);
        }
        LatentStatistics w = LatentStatistics.of(wide, 1e-2);
        assertEquals(s.nonZero(), w.nonZero());
        assertEquals(s.components95(), w.components95());
        assertEquals(s.totalVariance(), w.totalVariance(), 1e-9 * s.totalVariance());
    }

    @Test
    void flowBaselineWithItsOwnPairsIsExactAndTheModelPipelineRuns() {
        int pairs = 30;
        FlowTransferBaseline flow = new FlowTransferBaseline(1, 8);
        for (int i = 0; i < pairs; i++) {
            flow.addTraining(shapes.pair(1000 + i));
        }
        VelocityExperiment exp = new VelocityExperiment(shapes, 1000, pairs);
        VelocityDistributions truth = exp.truth(2);
        VelocityDistributions.Kl self = VelocityDistributions.kl(truth, exp.flow(flow, 2, 1));
        // not exactly 0: ε in the prediction's empty bins takes a little mass from the occupied ones
        assertEquals(0, self.circles(), 1e-4);
        assertEquals(0, self.circlesTriangles(), 1e-4);
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(9)); Scope s = be.scope()) {
            LatentBank bank = new LatentBank(c.zSize());
            PairBatch b = PairBatch.of(be, shapes, 0, 4);
            bank.addEncoded(net, b.first(), b.second());
            VelocityDistributions model = exp.model(net, VelocityExperiment.ZSource.EMPIRICAL, bank, 2, 5);
            VelocityDistributions.Kl kl = VelocityDistributions.kl(truth, model);
            assertTrue(Double.isFinite(kl.circles()) && kl.circles() >= 0);
            assertTrue(kl.row("untrained").startsWith("| untrained |"));
            VelocityExperiment wrong = new VelocityExperiment(new Shapes(Shapes.Config.defaults(), 1), 0, 1);
            assertThrows(IllegalArgumentException.class,
                    () -> wrong.model(net, VelocityExperiment.ZSource.PRIOR, bank, 1, 1));
        }
    }

    @Test
    void flowRenderedWithItsOwnMotionIsMeasuredExactlyLikeTheRealNextFrames() {
        int pairs = 6;
        for (int i = 0; i < pairs; i++) {
            var p = shapes.pair(1000 + i);
            double[][] own = new double[3][];
            for (int k = 0; k < 3; k++) {
                own[k] = new double[] {p.shapes()[k].dx64(), p.shapes()[k].dy64()};
            }
            var again = shapes.pairMoved(1000 + i, own);
            assertArrayEquals(p.frames().data(), again.frames().data(), "pair " + i + " redrawn with its own motion");
            assertArrayEquals(p.owner(), again.owner());
        }
        FlowTransferBaseline flow = new FlowTransferBaseline(1, 8);
        for (int i = 0; i < pairs; i++) {
            flow.addTraining(shapes.pair(1000 + i));
        }
        VelocityExperiment exp = new VelocityExperiment(shapes, 1000, pairs);
        VelocityDistributions truth = exp.truth(2);
        VelocityDistributions.Kl measured = VelocityDistributions.kl(truth,
                exp.flowMeasured(flow, be, c.outputSize(), 2, 1));
        VelocityDistributions.Kl floor = VelocityDistributions.kl(truth, exp.estimatorOnTruth(be, c.outputSize(), 2));
        assertEquals(floor, measured, "each test image's own motion, rendered and measured, is the real next frame");
        assertThrows(IllegalArgumentException.class, () -> shapes.pairMoved(0, new double[2][2]));
    }
}
