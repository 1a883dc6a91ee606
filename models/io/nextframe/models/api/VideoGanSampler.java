package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.Distribution;
import io.nextframe.models.videogan.VideoGanConfig;
import io.nextframe.models.videogan.VideoGanFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * An unconditional video GAN file (videogan-1s / videogan-2s) as a {@link Sampler}. The generator (in eval mode:
 * batch norm uses its running statistics, so a sample does not depend on its batch) ends in tanh, so videos in
 * [−1, 1] (B, C, T, H, W) become (N, T, C, H, W) in [0, 1] by (x + 1) / 2.
 */
public final class VideoGanSampler implements Sampler {
    private final VideoGanFiles.LoadedGenerator loaded;

    private VideoGanSampler(VideoGanFiles.LoadedGenerator loaded) {
        this.loaded = loaded;
    }

    public static VideoGanSampler load(Path file, Backend backend) throws IOException {
        return new VideoGanSampler(VideoGanFiles.loadGenerator(file, backend));
    }

    private VideoGanConfig cfg() {
        return loaded.generator().config();
    }

    @Override
    public String kind() {
        return loaded.kind();
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
    public int frames() {
        return cfg().frames();
    }

    @Override
    public int classes() {
        return 0;
    }

    @Override
    public long parameterCount() {
        return loaded.generator().parameterCount();
    }

    @Override
    public float[] sample(int n, long seed, int[] labels) {
        if (n < 1) {
            throw new IllegalArgumentException("VideoGanSampler.sample: n " + n + " must be ≥ 1");
        }
        if (labels != null) {
            throw new IllegalArgumentException("VideoGanSampler.sample: " + kind() + " is unconditional; labels "
                    + "must be null");
        }
        Backend be = loaded.generator().backend();
        int c = channels(), t = frames(), h = height(), w = width();
        int plane = h * w, per = t * c * plane;
        float[] out = new float[n * per];
        for (int i = 0; i < n; i++) {
            float[] v;
            try (Scope scope = be.scope(); Grad.Mode off = Grad.off()) {
                Tensor z = be.zeros(Shape.of(1, cfg().noise()));
                // z ~ N(0, 1) from (seed, i) alone: sample i never depends on n
                be.fillRandom(Distribution.NORMAL, seed, i, 0, 0f, 1f, z);
                v = loaded.generator().generate(Var.constant(z)).video().value().contiguous().toFloatArray();
            }
            // (C, T, H, W) → (T, C, H, W), [−1, 1] → [0, 1]
            for (int ch = 0; ch < c; ch++) {
                for (int f = 0; f < t; f++) {
                    int src = (ch * t + f) * plane, dst = i * per + (f * c + ch) * plane;
                    for (int p = 0; p < plane; p++) {
                        out[dst + p] = Math.clamp((v[src + p] + 1f) * 0.5f, 0f, 1f);
                    }
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        loaded.close();
    }
}
