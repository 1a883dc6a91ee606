package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Stored posterior means of training pairs ("empirical z": the paper samples test-time z from encoded training z;
 * the authors' demo keeps 1,000), and the prior N(0, I). Both give z of the model's {@link CrossConvNet#zShape}.
 */
public final class LatentBank {
    private final int zSize;
    private final List<float[]> means = new ArrayList<>();

    public LatentBank(int zSize) {
        this.zSize = zSize;
    }

    /** Encodes a batch of training pairs (eval mode, no gradient) and stores their z means. */
    public void addEncoded(CrossConvNet net, Tensor first, Tensor second) {
        net.eval();
        try (Scope s = first.backend().scope(); Grad.Mode off = Grad.off()) {
            float[] mu = net.encode(Var.constant(first), Var.constant(second)).mean().value().toFloatArray();
            for (int b = 0; b < first.shape().dim(0); b++) {
                add(java.util.Arrays.copyOfRange(mu, b * zSize, (b + 1) * zSize));
            }
        }
    }

    public void add(float[] z) {
        if (z.length != zSize) {
            throw new IllegalArgumentException("LatentBank.add: z of " + z.length + " values, expected " + zSize);
        }
        means.add(z.clone());
    }

    public int size() {
        return means.size();
    }

    public float[] get(int i) {
        return means.get(i).clone();
    }

    /** The stored means as rows (for latent statistics). */
    public double[][] rows() {
        double[][] out = new double[means.size()][zSize];
        for (int i = 0; i < out.length; i++) {
            for (int j = 0; j < zSize; j++) {
                out[i][j] = means.get(i)[j];
            }
        }
        return out;
    }

    /** {@code batch} z drawn uniformly from the stored means. */
    public Tensor sampleEmpirical(Backend be, Shape zShape, SplittableRandom rng) {
        if (means.isEmpty()) {
            throw new IllegalStateException("LatentBank.sampleEmpirical: no stored z");
        }
        int batch = zShape.dim(0);
        checkShape(zShape);
        float[] z = new float[batch * zSize];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(means.get(rng.nextInt(means.size())), 0, z, b * zSize, zSize);
        }
        return be.fromFloats(zShape, z);
    }

    /** {@code batch} z from the prior N(0, I). */
    public Tensor samplePrior(Backend be, Shape zShape, SplittableRandom rng) {
        checkShape(zShape);
        float[] z = new float[zShape.dim(0) * zSize];
        for (int i = 0; i < z.length; i++) {
            z[i] = (float) gaussian(rng);
        }
        return be.fromFloats(zShape, z);
    }

    private void checkShape(Shape zShape) {
        if (zShape.rank() != 4 || zShape.size() / zShape.dim(0) != zSize) {
            throw new IllegalArgumentException("LatentBank: z shape " + zShape + " does not hold z of " + zSize);
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
