package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.Clip;
import io.nextframe.models.videogan.ConditionalVideoGan;
import io.nextframe.models.videogan.VideoGanConfig;
import io.nextframe.models.videogan.VideoGanFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The photo-conditioned two-stream video GAN ({@code videogan-2s-cond}) behind {@link Predictor}: the last context
 * frame is the photo, which training placed at the generated clip's middle frame T/2; the prediction is the
 * generated frames after it, T/2 + 1 …, so at most T − T/2 − 1 of them. Deterministic (no noise: the encoder's code
 * is the generator's input), so every sample repeats one prediction.
 */
public final class VideoGanPredictor implements Predictor {
    private final VideoGanFiles.LoadedConditional loaded;
    private int position;

    private VideoGanPredictor(VideoGanFiles.LoadedConditional loaded) {
        this.loaded = loaded;
        this.position = io.nextframe.models.videogan.ConditionalVideoGan.photoIndex(loaded.model().config().frames());
    }

    public static VideoGanPredictor load(Path file, Backend backend) throws IOException {
        return new VideoGanPredictor(VideoGanFiles.loadConditional(file, backend));
    }

    private VideoGanConfig cfg() {
        return loaded.model().config();
    }

    @Override
    public String kind() {
        return VideoGanFiles.TWO_STREAM_CONDITIONAL;
    }

    @Override
    public Map<String, String> metadata() {
        return loaded.metadata();
    }

    @Override
    public int channels() {
        return cfg().channels();
    }

    @Override
    public int height() {
        return cfg().size();
    }

    @Override
    public int width() {
        return cfg().size();
    }

    @Override
    public int minPast() {
        return 1;
    }

    @Override
    public int trainedPast() {
        return 1;
    }

    /** The photo's position in the generated clip: by default frame T/2 − 1 (the 16th of 32), where training puts it. */
    public int photoPosition() {
        return position;
    }

    /**
     * Treats the photo as frame {@code m} of the generated clip ({@code predict --position M}), so a prediction is
     * frames m + 1 …. Set it before predicting: the predictor is not thread-safe.
     */
    public void setPhotoPosition(int m) {
        if (m < 0 || m > cfg().frames() - 2) {
            throw new IllegalArgumentException(kind() + ": --position " + m + " must be in 0 … " + (cfg().frames() - 2)
                    + " (the generated clip has " + cfg().frames() + " frames and at least one must follow the photo)");
        }
        position = m;
    }

    @Override
    public int trainedFuture() {
        return cfg().frames() - photoPosition() - 1;
    }

    @Override
    public boolean stochastic() {
        return false;
    }

    @Override
    public long parameterCount() {
        ConditionalVideoGan m = loaded.model();
        return m.encoder().parameterCount() + m.generator().parameterCount();
    }

    @Override
    public float[] predict(Clip clip, PredictOptions o) {
        check(clip, o);
        return Predictors.repeat(animate(clip.frame(o.past() - 1), o.future()), o.samples());
    }

    /** Frames after the photo (C, H, W in [0, 1]) as (future, C, H, W) in [0, 1]. */
    float[] animate(float[] photo, int future) {
        if (future < 1 || future > trainedFuture()) {
            throw new IllegalArgumentException(kind() + ": --future " + future + " must be in 1 … "
                    + trainedFuture() + " (the generated clip has " + cfg().frames() + " frames and the photo is "
                    + "frame " + photoPosition() + ")");
        }
        int c = channels(), t = cfg().frames(), plane = height() * width(), per = c * plane;
        Backend be = loaded.model().backend();
        float[] in = new float[per];
        for (int i = 0; i < per; i++) {
            in[i] = photo[i] * 2f - 1f;
        }
        float[] v;
        try (Scope scope = be.scope(); Grad.Mode off = Grad.off()) {
            Var p = Var.constant(be.fromFloats(Shape.of(1, c, height(), width()), in));
            v = loaded.model().generate(p).video().value().contiguous().toFloatArray();
        }
        // (C, T, H, W) in [−1, 1] → frames photoPosition + 1 … as (F, C, H, W) in [0, 1]
        float[] out = new float[future * per];
        for (int f = 0; f < future; f++) {
            int src = photoPosition() + 1 + f;
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < plane; p++) {
                    out[(f * c + ch) * plane + p] = Math.clamp((v[(ch * t + src) * plane + p] + 1f) * 0.5f, 0f, 1f);
                }
            }
        }
        return out;
    }

    @Override
    public PredictionSession openSession(int samples, long seed, Latent latent) {
        if (samples < 1) {
            throw new IllegalArgumentException(kind() + " session: samples " + samples + " must be ≥ 1");
        }
        int per = channels() * height() * width();
        List<float[]> frames = new ArrayList<>();
        return new PredictionSession() {
            @Override
            public void observe(float[] frame) {
                if (frame.length != per) {
                    throw new IllegalArgumentException(kind() + " session: frame of " + frame.length
                            + " values, expected C×H×W = " + per);
                }
                frames.add(frame.clone());
            }

            @Override
            public int observed() {
                return frames.size();
            }

            @Override
            public float[] predict(int future) {
                if (frames.isEmpty()) {
                    throw new IllegalStateException(kind() + " session: observe the photo before predicting");
                }
                return Predictors.repeat(animate(frames.getLast(), future), samples);
            }

            @Override
            public void close() {
                frames.clear();
            }
        };
    }

    @Override
    public void close() {
        loaded.close();
    }
}
