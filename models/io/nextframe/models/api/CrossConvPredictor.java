package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.Philox;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.data.Clip;
import io.nextframe.models.crossconv.Applications;
import io.nextframe.models.crossconv.CrossConvFiles;
import io.nextframe.models.crossconv.CrossConvNet;
import io.nextframe.models.crossconv.CrossConvTrainer;
import io.nextframe.models.crossconv.VelocityExperiment.ZSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Cross Convolutional Network behind {@link Predictor}: the next frames of the last context frame I.
 * <ul>
 *   <li>z per sample: with one context frame, from the stored training z means (the paper's empirical sampling;
 *   {@link ZSource#EMPIRICAL}, the default when the file holds them) or from the prior N(0, I)
 *   ({@link ZSource#PRIOR}); {@link Latent#MEAN} gives z = 0, the prior's mean. With two or more context frames,
 *   z comes from the motion encoder on the last two (I₋₁, I): a posterior sample, or its mean with
 *   {@link Latent#MEAN} (the AE ablation always uses the mean, as it was trained).</li>
 *   <li>Frames: the network predicts at half the input resolution; each predicted frame is resized (bilinear) to
 *   the input size and clamped to [0, 1]. Further frames iterate with the same z
 *   ({@link Applications#extrapolate}: the paper's extrapolation).</li>
 * </ul>
 * Sample k draws from Philox stream k of the clip seed only: the same on every backend and for any K &gt; k.
 */
public final class CrossConvPredictor implements Predictor {
    private final CrossConvFiles.Loaded model;
    private ZSource source;

    public CrossConvPredictor(CrossConvFiles.Loaded model) {
        this.model = model;
        this.source = model.bank().size() > 0 ? ZSource.EMPIRICAL : ZSource.PRIOR;
    }

    public static CrossConvPredictor load(Path file, Backend backend) throws IOException {
        return new CrossConvPredictor(CrossConvFiles.load(file, backend));
    }

    public CrossConvFiles.Loaded model() {
        return model;
    }

    public ZSource zSource() {
        return source;
    }

    /** Chooses the z source for one-frame contexts; {@link ZSource#EMPIRICAL} needs stored z in the file. */
    public void setZSource(ZSource s) {
        if (s == ZSource.EMPIRICAL && model.bank().size() == 0) {
            throw new IllegalArgumentException("crossconv: this model file stores no training z (a checkpoint, or "
                    + "bank_size=0); sample z from the prior instead");
        }
        this.source = s;
    }

    @Override
    public String kind() {
        return CrossConvFiles.KIND;
    }

    @Override
    public Map<String, String> metadata() {
        return model.metadata();
    }

    @Override
    public int channels() {
        return 3;
    }

    @Override
    public int height() {
        return model.net().config().inputSize();
    }

    @Override
    public int width() {
        return model.net().config().inputSize();
    }

    @Override
    public int minPast() {
        return 1;
    }

    @Override
    public int trainedPast() {
        return 1;
    }

    @Override
    public int trainedFuture() {
        return 1;
    }

    @Override
    public boolean stochastic() {
        return true;
    }

    @Override
    public long parameterCount() {
        return model.net().parameterCount();
    }

    /**
     * The z of every sample, (K, zChannels, k, k) as host values: from the last two context frames when the context
     * has two or more, else from the z source (or 0 with {@link Latent#MEAN}); see the class comment.
     */
    public float[] latents(Clip clip, PredictOptions o) {
        CrossConvNet net = model.net();
        int zSize = net.config().zSize();
        int k = o.samples();
        float[] z = new float[k * zSize];
        if (o.past() >= 2) {
            Backend be = net.backend();
            Shape one = Shape.of(1, 3, height(), width());
            float[] mu;
            float[] logvar;
            try (Scope s = be.scope(); Grad.Mode off = Grad.off()) {
                net.eval();
                Tensor a = be.fromFloats(one, clip.frame(o.past() - 2));
                Tensor b = be.fromFloats(one, clip.frame(o.past() - 1));
                CrossConvNet.Posterior q = net.encode(Var.constant(a), Var.constant(b));
                mu = q.mean().value().toFloatArray();
                logvar = q.logvar().value().toFloatArray();
            }
            boolean mean = o.latent() == Latent.MEAN || model.settings().mode() == CrossConvTrainer.Mode.AE;
            for (int s = 0; s < k; s++) {
                for (int j = 0; j < zSize; j++) {
                    z[s * zSize + j] = mean ? mu[j]
                            : mu[j] + (float) Math.exp(0.5 * logvar[j]) * Philox.normal(o.seed(), s, j);
                }
            }
            return z;
        }
        if (o.latent() == Latent.MEAN) {
            return z;
        }
        for (int s = 0; s < k; s++) {
            if (source == ZSource.EMPIRICAL) {
                int n = model.bank().size();
                int pick = Math.min(n - 1, (int) (Philox.uniform(o.seed(), s, 0) * n));
                System.arraycopy(model.bank().get(pick), 0, z, s * zSize, zSize);
            } else {
                for (int j = 0; j < zSize; j++) {
                    z[s * zSize + j] = Philox.normal(o.seed(), s, j);
                }
            }
        }
        return z;
    }

    @Override
    public float[] predict(Clip clip, PredictOptions o) {
        float[] own = predictNative(clip, o);
        Backend be = model.net().backend();
        int m = model.net().config().outputSize();
        int n = height();
        try (Scope scope = be.scope(); Grad.Mode off = Grad.off()) {
            Tensor t = be.fromFloats(Shape.of(o.samples() * o.future(), 3, m, m), own);
            float[] y = F.resize(ResizeMode.LINEAR, false, Var.constant(t), n, n).value().toFloatArray();
            for (int i = 0; i < y.length; i++) {
                y[i] = Math.clamp(y[i], 0f, 1f);
            }
            return y;
        }
    }

    /**
     * The next frames at the network's own output resolution (half the input), unclamped: (K, F, 3, n/2, n/2).
     * What {@code nextframe sample} writes.
     */
    public float[] predictNative(Clip clip, PredictOptions o) {
        check(clip, o);
        return rollout(clip.frame(o.past() - 1), latents(clip, o), o.samples(), o.future());
    }

    /**
     * {@code future} next frames of one input-size frame (3, n, n) for each of {@code samples} given z (samples ×
     * |z| values), iterating with the same z: (K, F, 3, n/2, n/2), unclamped.
     */
    public float[] rollout(float[] frame, float[] z, int samples, int future) {
        CrossConvNet net = model.net();
        int n = height();
        int frameSize = 3 * n * n;
        if (frame.length != frameSize || z.length != samples * net.config().zSize() || future < 1) {
            throw new IllegalArgumentException("crossconv: a frame of " + frame.length + " values (expected 3 × " + n
                    + " × " + n + " = " + frameSize + "), " + z.length + " z values (expected " + samples + " × "
                    + net.config().zSize() + "), future " + future + " (≥ 1)");
        }
        Backend be = net.backend();
        int m = net.config().outputSize();
        int outFrame = 3 * m * m;
        float[] firsts = new float[samples * frameSize];
        for (int s = 0; s < samples; s++) {
            System.arraycopy(frame, 0, firsts, s * frameSize, frameSize);
        }
        float[] out = new float[samples * future * outFrame];
        try (Scope scope = be.scope(); Grad.Mode off = Grad.off()) {
            List<Tensor> steps = Applications.extrapolate(net, be.fromFloats(net.zShape(samples), z),
                    be.fromFloats(Shape.of(samples, 3, n, n), firsts), future);
            for (int f = 0; f < steps.size(); f++) {
                float[] y = steps.get(f).toFloatArray();
                for (int s = 0; s < samples; s++) {
                    System.arraycopy(y, s * outFrame, out, (s * future + f) * outFrame, outFrame);
                }
            }
        }
        return out;
    }

    /**
     * The number of z a z file of {@code shape} holds: (|z|,), (N, |z|) or (N, zChannels, k, k); any other shape, or
     * a non-finite value, is an error naming what this model expects.
     */
    public int zRows(long[] shape, float[] values, String what) {
        var c = model.net().config();
        long z = c.zSize();
        boolean ok = (shape.length == 1 && shape[0] == z)
                || (shape.length == 2 && shape[1] == z && shape[0] >= 1)
                || (shape.length == 4 && shape[1] == c.zChannels() && shape[2] == c.kernelSize()
                && shape[3] == c.kernelSize() && shape[0] >= 1);
        if (!ok) {
            throw new IllegalArgumentException(what + ": z of shape " + java.util.Arrays.toString(shape)
                    + "; this model's z has " + z + " values: expected (" + z + "), (N, " + z + ") or (N, "
                    + c.zChannels() + ", " + c.kernelSize() + ", " + c.kernelSize() + ")");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(what + ": z value " + i + " is " + values[i]);
            }
        }
        return shape.length == 1 ? 1 : (int) shape[0];
    }

    /** {@code count} input-size frames (count, 3, n, n) resized (bilinear) to the output size, as the model sees I. */
    public float[] atOutputSize(float[] frames, int count) {
        Backend be = model.net().backend();
        int n = height();
        int m = model.net().config().outputSize();
        try (Scope scope = be.scope(); Grad.Mode off = Grad.off()) {
            Tensor t = be.fromFloats(Shape.of(count, 3, n, n), frames);
            return F.resize(ResizeMode.LINEAR, false, Var.constant(t), m, m).value().toFloatArray();
        }
    }

    @Override
    public PredictionSession openSession(int samples, long seed, Latent latent) {
        if (samples < 1) {
            throw new IllegalArgumentException("crossconv session: samples " + samples + " must be ≥ 1");
        }
        return new Session(samples, seed, latent);
    }

    /** Keeps the last two observed frames: all a prediction reads. */
    private final class Session implements PredictionSession {
        private final int samples;
        private final long seed;
        private final Latent latent;
        private final List<float[]> last = new ArrayList<>();
        private int observed;
        private boolean closed;

        Session(int samples, long seed, Latent latent) {
            this.samples = samples;
            this.seed = seed;
            this.latent = latent;
        }

        @Override
        public void observe(float[] frame) {
            if (closed) {
                throw new IllegalStateException("crossconv session is closed");
            }
            int size = 3 * height() * width();
            if (frame.length != size) {
                throw new IllegalArgumentException("crossconv session: a frame of " + frame.length + " values, "
                        + "expected 3 × " + height() + " × " + width() + " = " + size);
            }
            last.add(frame.clone());
            if (last.size() > 2) {
                last.removeFirst();
            }
            observed++;
        }

        @Override
        public int observed() {
            return observed;
        }

        @Override
        public float[] predict(int future) {
            if (closed) {
                throw new IllegalStateException("crossconv session is closed");
            }
            if (observed == 0) {
                throw new IllegalStateException("crossconv session: observe a frame before predicting");
            }
            float[] data = new float[last.size() * 3 * height() * width()];
            for (int i = 0; i < last.size(); i++) {
                System.arraycopy(last.get(i), 0, data, i * last.get(i).length, last.get(i).length);
            }
            Clip clip = new Clip(last.size(), 3, height(), width(), data);
            return CrossConvPredictor.this.predict(clip, new PredictOptions(last.size(), future, samples, seed,
                    latent));
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
