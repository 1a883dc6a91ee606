package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.Rng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Unconditional video GAN files ({@code videogan-1s}, {@code videogan-2s}): safetensors with the generator under
 * {@code generator.} and the critic under {@code critic.}, the config in {@code __metadata__} (CONTRACTS §4).
 * Sampling needs only the generator, so {@link #loadGenerator} reads the {@code generator.} tensors (strictly) and
 * leaves the critic's alone.
 */
public final class VideoGanFiles {
    public static final String ONE_STREAM = "videogan-1s";
    public static final String TWO_STREAM = "videogan-2s";
    /** The photo-conditioned two-stream model ({@link ConditionalVideoGan}, whole state dict as its children). */
    public static final String TWO_STREAM_CONDITIONAL = "videogan-2s-cond";

    private VideoGanFiles() {
    }

    public static Map<String, String> metadata(String kind, VideoGanConfig c) {
        checkKind(kind);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "nextframe");
        m.put("format_version", "1");
        m.put("model", kind);
        m.put("channels", Integer.toString(c.channels()));
        m.put("frames", Integer.toString(c.frames()));
        m.put("size", Integer.toString(c.size()));
        m.put("noise", Integer.toString(c.noise()));
        m.put("base_width", Integer.toString(c.baseWidth()));
        m.put("critic_width", Integer.toString(c.criticWidth()));
        m.put("critic_layer_norm", Boolean.toString(c.criticLayerNorm()));
        return m;
    }

    private static void checkKind(String kind) {
        if (!ONE_STREAM.equals(kind) && !TWO_STREAM.equals(kind) && !TWO_STREAM_CONDITIONAL.equals(kind)) {
            throw new IllegalArgumentException("video GAN: model '" + kind + "' is not " + ONE_STREAM + ", "
                    + TWO_STREAM + " or " + TWO_STREAM_CONDITIONAL);
        }
    }

    /** Reads {@link #metadata}; every key is required and a bad value names its key. */
    public static VideoGanConfig config(Map<String, String> m) {
        String norm = required(m, "critic_layer_norm");
        if (!norm.equals("true") && !norm.equals("false")) {
            throw new IllegalArgumentException("video GAN file: metadata 'critic_layer_norm' = '" + norm
                    + "' is not true/false");
        }
        return new VideoGanConfig(integer(m, "channels"), integer(m, "frames"), integer(m, "size"),
                integer(m, "noise"), integer(m, "base_width"), integer(m, "critic_width"), Boolean.parseBoolean(norm));
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("video GAN file: metadata lacks '" + key + "'");
        }
        return v.trim();
    }

    private static int integer(Map<String, String> m, String key) {
        String v = required(m, key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("video GAN file: metadata '" + key + "' = '" + v
                    + "' is not an integer");
        }
    }

    public static VideoGenerator newGenerator(Backend backend, String kind, VideoGanConfig cfg, Rng rng) {
        if (!ONE_STREAM.equals(kind) && !TWO_STREAM.equals(kind)) {
            throw new IllegalArgumentException("video GAN: an unconditional generator is " + ONE_STREAM + " or "
                    + TWO_STREAM + ", not '" + kind + "'");
        }
        return kind.equals(TWO_STREAM) ? new TwoStreamGenerator(backend, cfg, rng)
                : new OneStreamGenerator(backend, cfg, rng);
    }

    public static void save(String kind, VideoGenerator generator, VideoCritic critic, Path file) throws IOException {
        Map<String, HostTensor> state = new LinkedHashMap<>();
        generator.hostStateDict().forEach((k, v) -> state.put("generator." + k, v));
        critic.hostStateDict().forEach((k, v) -> state.put("critic." + k, v));
        SafeTensors.write(file, state, metadata(kind, generator.config()), FileDType.F32);
    }

    /** The generator of a videogan-1s/-2s file, with its kind and metadata. */
    public record LoadedGenerator(String kind, Map<String, String> metadata, VideoGenerator generator)
            implements AutoCloseable {
        @Override
        public void close() {
            generator.close();
        }
    }

    public static LoadedGenerator loadGenerator(Path file, Backend backend) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            Map<String, String> meta = f.metadata();
            String kind = meta.get("model");
            if (!ONE_STREAM.equals(kind) && !TWO_STREAM.equals(kind)) {
                throw new ModelFormatException(file, kind == null ? "metadata has no 'model' key; a video GAN "
                        + "file names videogan-1s or videogan-2s" : "holds model '" + kind + "', not "
                        + ONE_STREAM + " or " + TWO_STREAM);
            }
            VideoGanConfig config;
            try {
                config = config(meta);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, e.getMessage(), e);
            }
            Map<String, HostTensor> state = new LinkedHashMap<>();
            for (String name : f.names()) {
                if (name.startsWith("generator.")) {
                    state.put(name.substring("generator.".length()), f.host(name));
                }
            }
            VideoGenerator g = newGenerator(backend, kind, config, new Rng(0));
            try {
                g.load(state);
            } catch (RuntimeException e) {
                g.close();
                throw new ModelFormatException(file, "generator tensors do not fit " + kind + ": " + e.getMessage(),
                        e);
            }
            g.eval();
            return new LoadedGenerator(kind, new LinkedHashMap<>(meta), g);
        }
    }

    public static void saveConditional(ConditionalVideoGan model, Path file) throws IOException {
        SafeTensors.write(file, model.hostStateDict(), metadata(TWO_STREAM_CONDITIONAL, model.config()),
                FileDType.F32);
    }

    /** A videogan-2s-cond file (encoder, two-stream generator and critic), in eval mode, with its metadata. */
    public record LoadedConditional(Map<String, String> metadata, ConditionalVideoGan model) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    public static LoadedConditional loadConditional(Path file, Backend backend) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            Map<String, String> meta = f.metadata();
            String kind = meta.get("model");
            if (!TWO_STREAM_CONDITIONAL.equals(kind)) {
                throw new ModelFormatException(file, kind == null ? "metadata has no 'model' key"
                        : "holds model '" + kind + "', not " + TWO_STREAM_CONDITIONAL);
            }
            VideoGanConfig config;
            try {
                config = config(meta);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, e.getMessage(), e);
            }
            Map<String, HostTensor> state = Checkpoint.modelState(f);
            ConditionalVideoGan m = new ConditionalVideoGan(backend, config, true, new Rng(0));
            try {
                m.load(state);
            } catch (RuntimeException e) {
                m.close();
                throw new ModelFormatException(file, "state dict does not fit " + kind + ": " + e.getMessage(), e);
            }
            m.eval();
            return new LoadedConditional(new LinkedHashMap<>(meta), m);
        }
    }
}
