package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.models.lapgan.Lapgan;
import io.nextframe.models.lapgan.LapganConfig;
import io.nextframe.models.lapgan.LapganFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A LAPGAN file as a {@link Sampler}: single-frame images. LAPGAN is trained on images in [0, 1] and its levels end
 * in linear layers (no tanh), so a sample is the pyramid's sum clamped to [0, 1].
 */
public final class LapganSampler implements Sampler {
    private final LapganFiles.Loaded loaded;
    private final Map<String, String> metadata;

    private LapganSampler(LapganFiles.Loaded loaded, Map<String, String> metadata) {
        this.loaded = loaded;
        this.metadata = metadata;
    }

    public static LapganSampler load(Path file, Backend backend) throws IOException {
        LapganFiles.Loaded l = LapganFiles.load(file, backend);
        return new LapganSampler(l, LapganFiles.metadata(l.model().config(), l.resampler()));
    }

    @Override
    public String kind() {
        return "lapgan";
    }

    @Override
    public Map<String, String> metadata() {
        return metadata;
    }

    private LapganConfig cfg() {
        return loaded.model().config();
    }

    @Override
    public int channels() {
        return cfg().channels();
    }

    @Override
    public int height() {
        return cfg().side();
    }

    @Override
    public int width() {
        return cfg().side();
    }

    @Override
    public int frames() {
        return 1;
    }

    @Override
    public int classes() {
        return cfg().classes();
    }

    @Override
    public long parameterCount() {
        return loaded.model().parameterCount();
    }

    @Override
    public float[] sample(int n, long seed, int[] labels) {
        int classes = classes();
        if (n < 1) {
            throw new IllegalArgumentException("LapganSampler.sample: n " + n + " must be ≥ 1");
        }
        if (labels != null && classes == 0) {
            throw new IllegalArgumentException("LapganSampler.sample: labels given to an unconditional model");
        }
        if (labels != null && labels.length != n) {
            throw new IllegalArgumentException("LapganSampler.sample: " + labels.length + " labels for " + n
                    + " samples");
        }
        Lapgan model = loaded.model();
        int per = channels() * height() * width();
        float[] out = new float[n * per];
        for (int i = 0; i < n; i++) {
            int[] label = null;
            if (classes > 0) {
                int c = labels == null ? i % classes : labels[i];
                if (c < 0 || c >= classes) {
                    throw new IllegalArgumentException("LapganSampler.sample: label " + c + " of sample " + i
                            + " outside 0 … " + (classes - 1));
                }
                label = new int[] {c};
            }
            // one draw per sample from a seed of (seed, i) alone: sample i never depends on n
            float[] v;
            try (Scope scope = model.backend().scope()) {
                v = model.sample(1, label, mix(seed, i)).contiguous().toFloatArray();
            }
            for (int p = 0; p < per; p++) {
                out[i * per + p] = Math.clamp(v[p], 0f, 1f);
            }
        }
        return out;
    }

    /** SplitMix64's finaliser over (seed, i): distinct, well-spread seeds per sample. */
    static long mix(long seed, int i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public void close() {
        loaded.close();
    }
}
