package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Conv;
import io.nextframe.layers.DynamicConvolution;
import io.nextframe.layers.Initializers;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.SplittableRandom;

/**
 * DFN's steerable-filter experiment (authors' code, experiment_steerableFilter): the filter-generating network
 * maps an angle θ through 1×1 convs 1→64 (LReLU) → 128 (LReLU) → 81 (identity) — 18,897 parameters — to a 9×9
 * filter, applied by dynamic convolution (one filter per sample, 'same' zero padding, no softmax) to a random
 * image. The target is that image filtered with the steered first derivative of a Gaussian (σ = 1):
 * K_θ(dy, dx) = −(cos θ·dx + sin θ·dy)·exp(−(dx² + dy²)/2), a cross-correlation kernel, dx, dy ∈ −4 … 4.
 */
public final class SteerableFilters extends Module {
    public static final int SIZE = 9;

    private final Conv l0;
    private final Conv l1;
    private final Conv l2;
    private final DynamicConvolution dynamic;

    public SteerableFilters(Backend backend, long seed) {
        super(backend);
        Rng rng = new Rng(seed);
        l0 = child("l0", Conv.conv2d(backend, 1, 64, 1, 1, 0, rng));
        l1 = child("l1", Conv.conv2d(backend, 64, 128, 1, 1, 0, rng));
        l2 = child("l2", Conv.conv2d(backend, 128, SIZE * SIZE, 1, 1, 0, rng));
        dynamic = DynamicConvolution.same(backend, SIZE);
        Initializers.heUniform(this, new Rng(seed, 1L << 20));
    }

    /** The generated filters (B, 81) as (B, 1, 1, 9, 9) for angles (B, 1, 1, 1). */
    public Var filters(Var angles) {
        Var h = F.leakyRelu(l0.forward(angles), DfnNetwork.SLOPE);
        h = F.leakyRelu(l1.forward(h), DfnNetwork.SLOPE);
        return F.reshape(l2.forward(h), angles.dim(0), 1, 1, SIZE, SIZE);
    }

    /** images (B, 1, H, W) filtered by the filters generated for their angles. */
    public Var forward(Var images, Var angles) {
        return dynamic.forward(images, filters(angles));
    }

    /** The target kernel K_θ as 81 row-major taps (dy outer, dx inner). */
    public static float[] steeredKernel(double theta) {
        float[] k = new float[SIZE * SIZE];
        int r = SIZE / 2;
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                k[(dy + r) * SIZE + dx + r] = (float) (-(Math.cos(theta) * dx + Math.sin(theta) * dy)
                        * Math.exp(-(dx * dx + dy * dy) / 2.0));
            }
        }
        return k;
    }

    /** One synthetic batch: random images U[0,1), angles U[0, 2π), targets filtered on the host. */
    public record Batch(float[] images, float[] angles, float[] targets, int size, int side) {
        public Var imagesVar(Backend be) {
            return Var.constant(be.fromFloats(Shape.of(size, 1, side, side), images));
        }

        public Var anglesVar(Backend be) {
            return Var.constant(be.fromFloats(Shape.of(size, 1, 1, 1), angles));
        }

        public Var targetsVar(Backend be) {
            return Var.constant(be.fromFloats(Shape.of(size, 1, side, side), targets));
        }
    }

    /** Batch {@code step} of a seeded stream (a pure function of seed and step). */
    public static Batch batch(long seed, long step, int size, int side) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + step);
        float[] img = new float[size * side * side], ang = new float[size], tgt = new float[img.length];
        for (int i = 0; i < img.length; i++) {
            img[i] = (float) rnd.nextDouble();
        }
        int r = SIZE / 2;
        for (int b = 0; b < size; b++) {
            ang[b] = (float) (rnd.nextDouble() * 2 * Math.PI);
            float[] k = steeredKernel(ang[b]);
            int o = b * side * side;
            for (int y = 0; y < side; y++) {
                for (int x = 0; x < side; x++) {
                    double s = 0;
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            int yy = y + dy, xx = x + dx;
                            if (yy >= 0 && yy < side && xx >= 0 && xx < side) {
                                s += k[(dy + r) * SIZE + dx + r] * img[o + yy * side + xx];
                            }
                        }
                    }
                    tgt[o + y * side + x] = (float) s;
                }
            }
        }
        return new Batch(img, ang, tgt, size, side);
    }

    /** The MSE training loss of one batch. */
    public Var loss(Batch b) {
        return F.mse(forward(b.imagesVar(backend), b.anglesVar(backend)), b.targetsVar(backend));
    }
}
