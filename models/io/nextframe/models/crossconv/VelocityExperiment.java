package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.data.shapes.ShapePair;
import io.nextframe.data.shapes.Shapes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The paper's Fig. 5 test: velocity distributions of the generator (truth), of the network's samples (next frames
 * generated from z of the empirical bank or the prior, displacements measured by {@link ShapeVelocities}), and of
 * the Flow baseline, each compared to the truth by {@link VelocityDistributions#kl}.
 */
public final class VelocityExperiment {
    /** Where test-time z comes from. */
    public enum ZSource { EMPIRICAL, PRIOR }

    private final Shapes test;
    private final long testStart;
    private final int testPairs;

    public VelocityExperiment(Shapes test, long testStart, int testPairs) {
        this.test = test;
        this.testStart = testStart;
        this.testPairs = testPairs;
    }

    /** The true displacements of {@code samplesPerPair} copies of every test pair (the generator's p_gt). */
    public VelocityDistributions truth(int samplesPerPair) {
        VelocityDistributions d = new VelocityDistributions();
        for (int i = 0; i < testPairs; i++) {
            ShapePair p = test.pair(testStart + i);
            double[][] m = new double[3][];
            for (int k = 0; k < 3; k++) {
                m[k] = new double[] {p.shapes()[k].dx64(), p.shapes()[k].dy64()};
            }
            for (int s = 0; s < samplesPerPair; s++) {
                d.add(m);
            }
        }
        return d;
    }

    /** The measured displacements of {@code samplesPerPair} generated next frames per test pair. */
    public VelocityDistributions model(CrossConvNet net, ZSource source, LatentBank bank, int samplesPerPair,
                                       long seed) {
        Backend be = net.backend();
        CrossConvConfig c = net.config();
        if (test.config().size() != c.inputSize()) {
            throw new IllegalArgumentException("VelocityExperiment.model: test frames are " + test.config().size()
                    + "², the network takes " + c.inputSize() + "²");
        }
        ShapeVelocities meter = new ShapeVelocities(c.outputSize(), test.config().maxShift());
        SplittableRandom rng = new SplittableRandom(seed);
        VelocityDistributions d = new VelocityDistributions();
        int plane = 3 * c.outputSize() * c.outputSize();
        for (int i = 0; i < testPairs; i++) {
            ShapePair p = test.pair(testStart + i);
            List<ShapePair> copies = new ArrayList<>();
            for (int s = 0; s < samplesPerPair; s++) {
                copies.add(p);
            }
            try (Scope scope = be.scope(); Grad.Mode off = Grad.off()) {
                PairBatch batch = PairBatch.of(be, copies);
                Tensor z = source == ZSource.EMPIRICAL ? bank.sampleEmpirical(be, net.zShape(samplesPerPair), rng)
                        : bank.samplePrior(be, net.zShape(samplesPerPair), rng);
                float[] next = Applications.predict(net, z, batch.first()).toFloatArray();
                float[] first = F.resize(ResizeMode.LINEAR, false, Var.constant(batch.first()), c.outputSize(),
                        c.outputSize()).value().toFloatArray();
                for (int s = 0; s < samplesPerPair; s++) {
                    d.add(meter.measure(p, Arrays.copyOfRange(first, s * plane, (s + 1) * plane),
                            Arrays.copyOfRange(next, s * plane, (s + 1) * plane)));
                }
            }
        }
        return d;
    }

    /**
     * The estimator on the real next frames: each test pair's two frames resized (bilinear) to {@code outputSize},
     * as a model's are, and measured like a model's samples; added {@code samplesPerPair} times per pair. Its KL to
     * {@link #truth} is the floor that any model measured this way can reach.
     */
    public VelocityDistributions estimatorOnTruth(Backend be, int outputSize, int samplesPerPair) {
        ShapeVelocities meter = new ShapeVelocities(outputSize, test.config().maxShift());
        VelocityDistributions d = new VelocityDistributions();
        for (int i = 0; i < testPairs; i++) {
            ShapePair p = test.pair(testStart + i);
            double[][] m;
            try (Scope scope = be.scope(); Grad.Mode off = Grad.off()) {
                PairBatch batch = PairBatch.of(be, List.of(p));
                float[] a = F.resize(ResizeMode.LINEAR, false, Var.constant(batch.first()), outputSize, outputSize)
                        .value().toFloatArray();
                float[] b = F.resize(ResizeMode.LINEAR, false, Var.constant(batch.second()), outputSize, outputSize)
                        .value().toFloatArray();
                m = meter.measure(p, a, b);
            }
            for (int s = 0; s < samplesPerPair; s++) {
                d.add(m);
            }
        }
        return d;
    }

    /**
     * The Flow baseline measured like a model: for each of {@code samplesPerPair} draws, the test image re-rendered
     * with the transferred displacements ({@link Shapes#pairMoved}), both frames resized (bilinear) to
     * {@code outputSize}, and the displacements estimated as for a model's samples (same RNG draws as {@link #flow}
     * with the same seed).
     */
    public VelocityDistributions flowMeasured(FlowTransferBaseline baseline, Backend be, int outputSize,
                                              int samplesPerPair, long seed) {
        ShapeVelocities meter = new ShapeVelocities(outputSize, test.config().maxShift());
        SplittableRandom rng = new SplittableRandom(seed);
        VelocityDistributions d = new VelocityDistributions();
        for (int i = 0; i < testPairs; i++) {
            ShapePair p = test.pair(testStart + i);
            for (int s = 0; s < samplesPerPair; s++) {
                ShapePair moved = test.pairMoved(testStart + i, baseline.sample(p, rng));
                try (Scope scope = be.scope(); Grad.Mode off = Grad.off()) {
                    PairBatch batch = PairBatch.of(be, List.of(moved));
                    float[] a = F.resize(ResizeMode.LINEAR, false, Var.constant(batch.first()), outputSize,
                            outputSize).value().toFloatArray();
                    float[] b = F.resize(ResizeMode.LINEAR, false, Var.constant(batch.second()), outputSize,
                            outputSize).value().toFloatArray();
                    d.add(meter.measure(moved, a, b));
                }
            }
        }
        return d;
    }

    /** The Flow baseline's transferred displacements, {@code samplesPerPair} per test pair. */
    public VelocityDistributions flow(FlowTransferBaseline baseline, int samplesPerPair, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        VelocityDistributions d = new VelocityDistributions();
        for (int i = 0; i < testPairs; i++) {
            ShapePair p = test.pair(testStart + i);
            for (int s = 0; s < samplesPerPair; s++) {
                d.add(baseline.sample(p, rng));
            }
        }
        return d;
    }
}
