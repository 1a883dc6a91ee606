package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.shapes.ShapeKind;
import io.nextframe.data.shapes.ToyWorld;
import io.nextframe.layers.Rng;
import io.nextframe.layers.optim.Adam;

import java.util.SplittableRandom;

/**
 * §3.2 of the paper: train a {@link ToyWorldModel} variant on the toy world, then draw v for fresh images with z
 * from the prior and measure the covariance of the sampled v per class. The cVAE should recover
 * diag(0.2, 1) for circles and diag(1, 0.2) for squares (variances); the deterministic model predicts a constant
 * per image (covariance ≈ 0) and the autoencoder, never trained to map N(0, I) to motions, does not match either.
 */
public final class ToyWorldExperiment {
    private ToyWorldExperiment() {
    }

    /** Per-class sample covariance [σxx, σxy, σyy] of predicted motions for circles (row 0) and squares (row 1). */
    public record Covariances(double[] circle, double[] square) {
        /**
         * The covariances of v ~ N(f(z, I), σ²I), the model's full generative distribution, with σ² = 1/(2λ):
         * the sampled decoder means' covariance plus σ² on the diagonal.
         */
        public Covariances withObservationNoise(float lambda) {
            double s2 = 1 / (2.0 * lambda);
            return new Covariances(new double[] {circle[0] + s2, circle[1], circle[2] + s2},
                    new double[] {square[0] + s2, square[1], square[2] + s2});
        }
    }

    public static ToyWorldModel train(Backend be, ToyWorld world, ToyWorldModel.Variant variant, int steps, int batch,
                                      double lr, float lambda, long seed) {
        int n = (int) Math.sqrt(world.sample(0).image().length);
        ToyWorldModel model = new ToyWorldModel(be, n, 32, 64, 2, new Rng(seed));
        try (Adam adam = new Adam(model.trainableParameters(), lr)) {
            for (int s = 0; s < steps; s++) {
                try (Scope scope = be.scope()) {
                    Var[] b = batch(be, world, (long) s * batch, batch);
                    Var loss = model.loss(variant, b[0], b[1], lambda);
                    adam.zeroGrad();
                    loss.backward();
                    adam.step();
                }
            }
        }
        return model;
    }

    /** Images and motions of samples start … start + batch − 1. */
    static Var[] batch(Backend be, ToyWorld world, long start, int batch) {
        int n = (int) Math.sqrt(world.sample(start).image().length);
        float[] img = new float[batch * n * n];
        float[] v = new float[batch * 2];
        for (int i = 0; i < batch; i++) {
            ToyWorld.Sample s = world.sample(start + i);
            System.arraycopy(s.image(), 0, img, i * n * n, n * n);
            v[2 * i] = (float) s.vx();
            v[2 * i + 1] = (float) s.vy();
        }
        return new Var[] {Var.constant(be.fromFloats(Shape.of(batch, 1, n, n), img)),
            Var.constant(be.fromFloats(Shape.of(batch, 2), v))};
    }

    /**
     * Samples v = f(z, I) for {@code count} fresh images, z ~ N(0, I) (z = 0 for the deterministic variant, which
     * never saw another z); covariance per class.
     */
    public static Covariances sampledCovariances(Backend be, ToyWorldModel model, ToyWorldModel.Variant variant,
                                                 ToyWorld world, long start, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] acc = new double[2][5]; // n, Σx, Σy, Σxx/Σxy/Σyy packed below
        double[][] sq = new double[2][3];
        int chunk = 100;
        for (int off = 0; off < count; off += chunk) {
            int b = Math.min(chunk, count - off);
            try (Scope scope = be.scope(); Grad.Mode g = Grad.off()) {
                Var[] data = batch(be, world, start + off, b);
                float[] z = new float[b * model.zDim()];
                for (int i = 0; i < z.length && variant != ToyWorldModel.Variant.DETERMINISTIC; i++) {
                    z[i] = (float) (Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI
                            * rng.nextDouble()));
                }
                Var h = model.features(data[0]);
                float[] v = model.decode(h, Var.constant(be.fromFloats(Shape.of(b, model.zDim()), z)))
                        .value().toFloatArray();
                for (int i = 0; i < b; i++) {
                    int k = world.sample(start + off + i).kind() == ShapeKind.CIRCLE ? 0 : 1;
                    double x = v[2 * i];
                    double y = v[2 * i + 1];
                    acc[k][0]++;
                    acc[k][1] += x;
                    acc[k][2] += y;
                    sq[k][0] += x * x;
                    sq[k][1] += x * y;
                    sq[k][2] += y * y;
                }
            }
        }
        double[][] cov = new double[2][3];
        for (int k = 0; k < 2; k++) {
            double n = acc[k][0];
            double mx = acc[k][1] / n;
            double my = acc[k][2] / n;
            cov[k] = new double[] {sq[k][0] / n - mx * mx, sq[k][1] / n - mx * my, sq[k][2] / n - my * my};
        }
        return new Covariances(cov[0], cov[1]);
    }
}
