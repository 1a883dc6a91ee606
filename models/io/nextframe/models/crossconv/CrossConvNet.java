package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.layers.CrossConvolution;
import io.nextframe.layers.GaussianSampler;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

/**
 * The Cross Convolutional Network (Xue et al., "Visual Dynamics"): a conditional VAE of the difference image
 * v = J − I given the frame I. The motion encoder maps (I, J − I) to q(z | v, I); the kernel decoder turns z into
 * per-sample kernels; the image encoder maps a pyramid of I to feature maps; cross convolution applies each
 * sample's kernels to its own maps; the motion decoder produces v̂ at half the input resolution.
 * Every public entry point checks its operands before computing.
 */
public final class CrossConvNet extends Module {
    private final CrossConvConfig config;
    private final MotionEncoder motionEncoder;
    private final KernelDecoder kernelDecoder;
    private final ImageEncoder[] imageEncoders;
    private final CrossConvolution crossConv;
    private final MotionDecoder motionDecoder;
    private final GaussianSampler sampler;

    public CrossConvNet(Backend backend, CrossConvConfig config, Rng rng) {
        super(backend);
        this.config = config;
        this.motionEncoder = child("motion_encoder", new MotionEncoder(backend, config, rng));
        this.kernelDecoder = child("kernel_decoder", new KernelDecoder(backend, config, rng));
        this.imageEncoders = new ImageEncoder[config.scales()];
        for (int s = 0; s < config.scales(); s++) {
            imageEncoders[s] = child("image_encoder" + s, new ImageEncoder(backend, config, rng));
        }
        this.crossConv = child("cross_conv", new CrossConvolution(backend));
        this.motionDecoder = child("motion_decoder", new MotionDecoder(backend, config, rng));
        this.sampler = child("sampler", new GaussianSampler(backend, rng));
    }

    public CrossConvConfig config() {
        return config;
    }

    /** The reparameterisation sampler (its Philox counter is part of a run's state). */
    public GaussianSampler sampler() {
        return sampler;
    }

    /** The shape of z for a batch of {@code batch}: (B, zChannels, kernelSize, kernelSize). */
    public Shape zShape(int batch) {
        return Shape.of(batch, config.zChannels(), config.kernelSize(), config.kernelSize());
    }

    /** q(z | J − I, I) as (mean, logvar), each of {@link #zShape}. */
    public Posterior encode(Var first, Var second) {
        checkFrame("encode", "first", first);
        checkFrame("encode", "second", second);
        if (first.dim(0) != second.dim(0)) {
            throw new IllegalArgumentException("CrossConvNet.encode: first frame batch " + first.dim(0)
                    + " and second frame batch " + second.dim(0) + " differ");
        }
        Var[] q = motionEncoder.forward(first, F.sub(second, first));
        return new Posterior(q[0], q[1]);
    }

    /** f_mean(z, I): the predicted difference image (B, 3, outputSize, outputSize) in target units. */
    public Var decode(Var z, Var frame) {
        checkFrame("decode", "frame", frame);
        Shape want = zShape(frame.dim(0));
        if (!z.shape().equals(want)) {
            throw new IllegalArgumentException("CrossConvNet.decode: z is " + z.shape() + ", expected " + want
                    + " (z of " + config.zSize() + " = " + config.zChannels() + "×" + config.kernelSize() + "×"
                    + config.kernelSize() + " per sample)");
        }
        Var[] kernels = kernelDecoder.forward(z);
        Var[] maps = new Var[config.scales()];
        for (int s = 0; s < config.scales(); s++) {
            int n = config.pyramidSize(s);
            Var level = n == frame.dim(2) ? frame : F.resize(ResizeMode.LINEAR, false, frame, n, n);
            maps[s] = crossConv.forward(imageEncoders[s].forward(level), kernels[s]);
        }
        return motionDecoder.forward(maps);
    }

    /** z = μ + exp(½ logvar)·ε from this model's sampler stream. */
    public Var sample(Posterior q) {
        return sampler.forward(q.mean(), q.logvar());
    }

    /** The training target: (resize(J) − resize(I)) · targetScale at the output resolution (bilinear). */
    public Var target(Var first, Var second) {
        checkFrame("target", "first", first);
        checkFrame("target", "second", second);
        int n = config.outputSize();
        Var a = F.resize(ResizeMode.LINEAR, false, first, n, n);
        Var b = F.resize(ResizeMode.LINEAR, false, second, n, n);
        return F.scale(F.sub(b, a), config.targetScale());
    }

    /** The next frame at output resolution from a predicted difference: resize(I) + v̂ / targetScale. */
    public Var nextFrame(Var frame, Var predictedDiff) {
        checkFrame("nextFrame", "frame", frame);
        int n = config.outputSize();
        Var a = F.resize(ResizeMode.LINEAR, false, frame, n, n);
        return F.add(a, F.scale(predictedDiff, 1f / config.targetScale()));
    }

    private void checkFrame(String op, String name, Var x) {
        int n = config.inputSize();
        if (x.rank() != 4 || x.dim(1) != 3 || x.dim(2) != n || x.dim(3) != n) {
            throw new IllegalArgumentException("CrossConvNet." + op + ": " + name + " is " + x.shape()
                    + ", expected (B, 3, " + n + ", " + n + ") RGB frames at the configured resolution");
        }
    }

    /** The approximate posterior q(z | v, I). */
    public record Posterior(Var mean, Var logvar) {
    }
}
