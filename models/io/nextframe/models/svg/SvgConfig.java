package io.nextframe.models.svg;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * SVG's architecture and training options, with the defaults of the authors' train_svg_lp.py (SM-MNIST):
 * dcgan backbone, g_dim 128, z_dim 10, rnn_size 256, predictor 2 layers, posterior and prior 1 layer, 1 channel,
 * 64×64, last_frame_skip false, β 1e-4, n_past 5, n_future 10, Adam lr 0.002.
 *
 * @param nf width of the first encoder layer (64 in the authors' code; smaller only for tests and fixtures, written
 *           to the metadata as {@code nf} when it differs from 64)
 */
public record SvgConfig(SvgKind kind, String backbone, int gDim, int zDim, int rnnSize, int predictorRnnLayers,
                        int posteriorRnnLayers, int priorRnnLayers, int channels, int imageWidth, SkipMode skip,
                        int nf, double beta, int nPast, int nFuture, double lr) {

    public static final int IMAGE_WIDTH = 64;

    public SvgConfig {
        if (kind == null || skip == null) {
            throw new IllegalArgumentException("SvgConfig: kind and skip mode are required");
        }
        if (!"dcgan".equals(backbone) && !"vgg".equals(backbone)) {
            throw new IllegalArgumentException("SvgConfig: backbone '" + backbone + "' must be dcgan or vgg");
        }
        if (imageWidth != IMAGE_WIDTH) {
            throw new IllegalArgumentException("SvgConfig: image_width " + imageWidth
                    + " unsupported: the dcgan/vgg 64 architectures take 64×64 frames");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("SvgConfig: channels " + channels + " must be 1 or 3");
        }
        positive("g_dim", gDim);
        positive("rnn_size", rnnSize);
        positive("predictor_rnn_layers", predictorRnnLayers);
        positive("nf", nf);
        if (kind.stochastic()) {
            positive("z_dim", zDim);
            positive("posterior_rnn_layers", posteriorRnnLayers);
        }
        if (kind == SvgKind.LP) {
            positive("prior_rnn_layers", priorRnnLayers);
        }
        if (nPast < skip.minimumPast() || nFuture < 1) {
            throw new IllegalArgumentException("SvgConfig: n_past " + nPast + " must be ≥ " + skip.minimumPast()
                    + " for skip mode " + skip.id() + " and n_future " + nFuture + " ≥ 1");
        }
        if (!(beta >= 0) || !(lr > 0)) {
            throw new IllegalArgumentException("SvgConfig: beta " + beta + " ≥ 0 and lr " + lr + " > 0 expected");
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("SvgConfig: " + name + " " + v + " must be ≥ 1");
        }
    }

    /** The reference script's defaults for the given kind (SM-MNIST). */
    public static SvgConfig defaults(SvgKind kind) {
        return new SvgConfig(kind, "dcgan", 128, 10, 256, 2, 1, 1, 1, IMAGE_WIDTH, SkipMode.PENULTIMATE, 64, 1e-4,
                5, 10, 0.002);
    }

    public SvgConfig withKind(SvgKind k) {
        return new SvgConfig(k, backbone, gDim, zDim, rnnSize, predictorRnnLayers, posteriorRnnLayers,
                priorRnnLayers, channels, imageWidth, skip, nf, beta, nPast, nFuture, lr);
    }

    public SvgConfig withSizes(int g, int z, int rnn, int width) {
        return new SvgConfig(kind, backbone, g, z, rnn, predictorRnnLayers, posteriorRnnLayers, priorRnnLayers,
                channels, imageWidth, skip, width, beta, nPast, nFuture, lr);
    }

    public SvgConfig withBackbone(String b, int ch) {
        return new SvgConfig(kind, b, gDim, zDim, rnnSize, predictorRnnLayers, posteriorRnnLayers, priorRnnLayers,
                ch, imageWidth, skip, nf, beta, nPast, nFuture, lr);
    }

    public SvgConfig withSteps(int past, int future, SkipMode s) {
        return new SvgConfig(kind, backbone, gDim, zDim, rnnSize, predictorRnnLayers, posteriorRnnLayers,
                priorRnnLayers, channels, imageWidth, s, nf, beta, past, future, lr);
    }

    public SvgConfig withTraining(double b, double learningRate) {
        return new SvgConfig(kind, backbone, gDim, zDim, rnnSize, predictorRnnLayers, posteriorRnnLayers,
                priorRnnLayers, channels, imageWidth, skip, nf, b, nPast, nFuture, learningRate);
    }

    /** Input width of the frame predictor: g, plus z for the stochastic kinds. */
    public int predictorInput() {
        return kind.stochastic() ? gDim + zDim : gDim;
    }

    /** The safetensors {@code __metadata__} (CONTRACTS §4), under the reference code's option names. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "nextframe");
        m.put("format_version", "1");
        m.put("model", kind.id());
        m.put("backbone", backbone);
        m.put("g_dim", Integer.toString(gDim));
        m.put("z_dim", Integer.toString(zDim));
        m.put("rnn_size", Integer.toString(rnnSize));
        m.put("predictor_rnn_layers", Integer.toString(predictorRnnLayers));
        m.put("posterior_rnn_layers", Integer.toString(posteriorRnnLayers));
        m.put("prior_rnn_layers", Integer.toString(priorRnnLayers));
        m.put("channels", Integer.toString(channels));
        m.put("image_width", Integer.toString(imageWidth));
        m.put("last_frame_skip", Boolean.toString(skip == SkipMode.EVERY_STEP));
        m.put("skip", skip.id());
        if (nf != 64) {
            m.put("nf", Integer.toString(nf));
        }
        m.put("beta", Double.toString(beta));
        m.put("n_past", Integer.toString(nPast));
        m.put("n_future", Integer.toString(nFuture));
        m.put("lr", Double.toString(lr));
        return m;
    }

    /**
     * Reads {@link #metadata()} (or what the PyTorch export script writes: no {@code format}, no {@code skip}).
     * Missing training options take the defaults; missing architecture keys are an error.
     */
    public static SvgConfig fromMetadata(Map<String, String> m) {
        String model = m.get("model");
        if (model == null) {
            throw new IllegalArgumentException("SVG file: metadata has no 'model' key");
        }
        SvgKind kind = SvgKind.of(model);
        SvgConfig d = defaults(kind);
        boolean lastFrameSkip = bool(m, "last_frame_skip", false);
        SkipMode skip = m.containsKey("skip") ? SkipMode.of(m.get("skip"))
                : lastFrameSkip ? SkipMode.EVERY_STEP : SkipMode.PENULTIMATE;
        return new SvgConfig(kind, required(m, "backbone"), integer(m, "g_dim", -1),
                kind.stochastic() ? integer(m, "z_dim", -1) : integer(m, "z_dim", 0),
                integer(m, "rnn_size", -1), integer(m, "predictor_rnn_layers", -1),
                kind.stochastic() ? integer(m, "posterior_rnn_layers", -1) : integer(m, "posterior_rnn_layers", 0),
                kind == SvgKind.LP ? integer(m, "prior_rnn_layers", -1) : integer(m, "prior_rnn_layers", 0),
                integer(m, "channels", -1), integer(m, "image_width", -1), skip, integer(m, "nf", 64),
                number(m, "beta", d.beta()), integer(m, "n_past", d.nPast()), integer(m, "n_future", d.nFuture()),
                number(m, "lr", d.lr()));
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("SVG file: metadata lacks '" + key + "'");
        }
        return v;
    }

    private static int integer(Map<String, String> m, String key, int fallback) {
        String v = m.get(key);
        if (v == null) {
            if (fallback < 0) {
                throw new IllegalArgumentException("SVG file: metadata lacks '" + key + "'");
            }
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SVG file: metadata '" + key + "' = '" + v + "' is not an integer");
        }
    }

    private static double number(Map<String, String> m, String key, double fallback) {
        String v = m.get(key);
        try {
            return v == null ? fallback : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("SVG file: metadata '" + key + "' = '" + v + "' is not a number");
        }
    }

    private static boolean bool(Map<String, String> m, String key, boolean fallback) {
        String v = m.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("SVG file: metadata '" + key + "' = '" + v
                    + "' is not true/false");
        };
    }
}
