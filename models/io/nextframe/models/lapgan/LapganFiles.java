package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import io.nextframe.layers.Checkpoint;
import io.nextframe.layers.Resampler;
import io.nextframe.layers.Resamplers;
import io.nextframe.layers.Rng;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * LAPGAN model files: safetensors with the state dict (children g{k}/d{k}/gc/dc) and the config in
 * {@code __metadata__} (CONTRACTS §4, {@code model = lapgan}). The pyramid operator is part of the model (a sample
 * upsamples with it), so it is stored too, under {@code resampler}. A training checkpoint ({@code optim.*} tensors
 * beside the model's) loads as a model file.
 */
public final class LapganFiles {
    /** The metadata name of {@link Resamplers#blockMeanBilinear()}. */
    public static final String BLOCK_MEAN_BILINEAR = "block-mean-bilinear";
    /** The metadata name of {@link Resamplers#binomial5()}. */
    public static final String BINOMIAL5 = "binomial5";

    private LapganFiles() {
    }

    /** A LAPGAN together with the name of its pyramid operator, as a file stores it. */
    public record Loaded(Lapgan model, String resampler) implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    public static Resampler resampler(String name) {
        return switch (name) {
            case BLOCK_MEAN_BILINEAR -> Resamplers.blockMeanBilinear();
            case BINOMIAL5 -> Resamplers.binomial5();
            default -> throw new IllegalArgumentException("LAPGAN: resampler '" + name + "' unknown; known: "
                    + BLOCK_MEAN_BILINEAR + ", " + BINOMIAL5);
        };
    }

    /** The §4 metadata of a config (keys in snake case) and its resampler name. */
    public static Map<String, String> metadata(LapganConfig c, String resampler) {
        resampler(resampler);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "nextframe");
        m.put("format_version", "1");
        m.put("model", "lapgan");
        m.put("channels", Integer.toString(c.channels()));
        m.put("side", Integer.toString(c.side()));
        m.put("levels", Integer.toString(c.levels()));
        m.put("coarse_noise", Integer.toString(c.coarseNoise()));
        m.put("coarse_hidden", Integer.toString(c.coarseHidden()));
        m.put("level_width", Integer.toString(c.levelWidth()));
        m.put("discriminator_width", Integer.toString(c.discriminatorWidth()));
        m.put("classes", Integer.toString(c.classes()));
        m.put("arch", c.arch().name().toLowerCase(Locale.ROOT));
        m.put("discriminator_dropout", Float.toString(c.discriminatorDropout()));
        m.put("resampler", resampler);
        return m;
    }

    /** Reads {@link #metadata}; every architecture key is required, a bad value names the key. */
    public static LapganConfig config(Map<String, String> m) {
        if (!"lapgan".equals(m.get("model"))) {
            throw new IllegalArgumentException("LAPGAN file: metadata 'model' is '" + m.get("model")
                    + "', expected 'lapgan'");
        }
        String arch = required(m, "arch").toUpperCase(Locale.ROOT);
        LevelArch levelArch;
        try {
            levelArch = LevelArch.valueOf(arch);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("LAPGAN file: metadata 'arch' = '" + m.get("arch")
                    + "' is not compact or reference");
        }
        float dropout;
        try {
            dropout = Float.parseFloat(required(m, "discriminator_dropout").trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LAPGAN file: metadata 'discriminator_dropout' = '"
                    + m.get("discriminator_dropout") + "' is not a number");
        }
        return new LapganConfig(integer(m, "channels"), integer(m, "side"), integer(m, "levels"),
                integer(m, "coarse_noise"), integer(m, "coarse_hidden"), integer(m, "level_width"),
                integer(m, "discriminator_width"), integer(m, "classes"), levelArch, dropout);
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("LAPGAN file: metadata lacks '" + key + "'");
        }
        return v;
    }

    private static int integer(Map<String, String> m, String key) {
        String v = required(m, key);
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LAPGAN file: metadata '" + key + "' = '" + v + "' is not an integer");
        }
    }

    public static void save(Lapgan model, String resampler, Path file) throws IOException {
        SafeTensors.write(file, model.hostStateDict(), metadata(model.config(), resampler), FileDType.F32);
    }

    /** Loads a LAPGAN; a file of another kind, a bad config or a state dict that does not fit is an error. */
    public static Loaded load(Path file, Backend backend) throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            Map<String, String> meta = f.metadata();
            String kind = meta.get("model");
            if (!"lapgan".equals(kind)) {
                throw new ModelFormatException(file, kind == null ? "metadata has no 'model' key; a LAPGAN file "
                        + "names lapgan" : "holds model '" + kind + "', not lapgan");
            }
            LapganConfig config;
            String resamplerName = meta.getOrDefault("resampler", BLOCK_MEAN_BILINEAR);
            Resampler resampler;
            try {
                config = config(meta);
                resampler = resampler(resamplerName);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, e.getMessage(), e);
            }
            Map<String, HostTensor> state = Checkpoint.modelState(f);
            Lapgan model = new Lapgan(backend, config, resampler, new Rng(0));
            try {
                model.load(state);
            } catch (RuntimeException e) {
                model.close();
                throw new ModelFormatException(file, "state dict does not fit lapgan: " + e.getMessage(), e);
            }
            return new Loaded(model, resamplerName);
        }
    }
}
