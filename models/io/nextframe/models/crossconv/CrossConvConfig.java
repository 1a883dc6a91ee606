package io.nextframe.models.crossconv;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sizes of a Cross Convolutional Network (specs/visual-dynamics.md). The kernel decoder turns z, laid out as
 * {@code zChannels × kernelSize × kernelSize}, into one kernel per scale and feature channel, so
 * {@code zChannels = scales · featureChannels} and z has {@code zChannels · kernelSize²} elements (3,200 by default).
 * The image pyramid's largest level is twice the input; the image encoders divide by 4, so the feature maps, the
 * motion decoder and the predicted difference image are at half the input resolution ({@link #outputSize}).
 *
 * @param inputSize        side of the square RGB input frames (128)
 * @param scales           pyramid levels (4; the paper's footnote variant uses 5)
 * @param featureChannels  image-encoder output channels per scale = kernels per scale (32)
 * @param kernelSize       side of the cross-convolution kernels and of the z grid (5, odd)
 * @param motionWidths     the six 5×5 conv widths of the motion encoder (96, 96, 128, 128, 256, 256)
 * @param imageWidth       inner width of each image encoder (64)
 * @param decoderWidth     width of the motion decoder (128)
 * @param decoderKernel    the motion decoder's first kernel (9)
 * @param targetScale      the difference-image target is (J − I)·targetScale at the output resolution (128)
 *
 * <p>In a model file (CONTRACTS §4) the sizes are the metadata keys {@code input_size}, {@code scales},
 * {@code feature_channels}, {@code kernel_size}, {@code motion_widths} (six comma-separated widths),
 * {@code image_width}, {@code decoder_width}, {@code decoder_kernel}, {@code target_scale}, plus the derived
 * {@code z_size} (written for readers; checked when present): see {@link #metadata()} and {@link #fromMetadata}.
 */
public record CrossConvConfig(int inputSize, int scales, int featureChannels, int kernelSize, int[] motionWidths,
                              int imageWidth, int decoderWidth, int decoderKernel, float targetScale) {
    /** The motion encoder pools by 4, 2, 2. */
    static final int MOTION_DOWNSAMPLE = 16;

    public CrossConvConfig {
        motionWidths = motionWidths == null ? null : motionWidths.clone();
        StringBuilder bad = new StringBuilder();
        if (inputSize < 16 || inputSize % MOTION_DOWNSAMPLE != 0) {
            bad.append(" input_size ").append(inputSize).append(" must be a positive multiple of 16;");
        }
        if (scales < 1 || inputSize * 2 >> (scales - 1) < 4 || (inputSize * 2) % (1 << (scales - 1)) != 0) {
            bad.append(" scales ").append(scales).append(" leaves a pyramid level below 4 px or of odd size for ")
                    .append("input_size ").append(inputSize).append(";");
        }
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            bad.append(" kernel_size ").append(kernelSize).append(" must be odd and ≥ 1;");
        } else if (inputSize / MOTION_DOWNSAMPLE < kernelSize) {
            bad.append(" kernel_size ").append(kernelSize).append(" exceeds the motion encoder's grid ")
                    .append(inputSize / MOTION_DOWNSAMPLE).append(";");
        }
        if (motionWidths == null || motionWidths.length != 6 || Arrays.stream(motionWidths).anyMatch(w -> w < 1)) {
            bad.append(" motion_widths ").append(Arrays.toString(motionWidths)).append(" needs six positive widths;");
        } else if (motionWidths[5] % 2 != 0) {
            bad.append(" the last motion width ").append(motionWidths[5]).append(" must be even (mean | logvar);");
        }
        if (featureChannels < 1 || imageWidth < 1 || decoderWidth < 1 || decoderKernel < 1 || decoderKernel % 2 == 0) {
            bad.append(" feature_channels ").append(featureChannels).append(", image_width ").append(imageWidth)
                    .append(", decoder_width ").append(decoderWidth).append(" must be ≥ 1 and decoder_kernel ")
                    .append(decoderKernel).append(" odd and ≥ 1;");
        }
        if (!(targetScale > 0)) {
            bad.append(" target_scale ").append(targetScale).append(" must be > 0;");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("CrossConvConfig:" + bad);
        }
    }

    /** The reference configuration: 128² input, 4 scales, z of 3,200 = 128 × 5 × 5, 64² output, ≈ 7.68 M parameters. */
    public static CrossConvConfig defaults() {
        return new CrossConvConfig(128, 4, 32, 5, new int[] {96, 96, 128, 128, 256, 256}, 64, 128, 9, 128f);
    }

    /** The paper's footnote variant: 5 scales, z of 4,000 = 160 × 5 × 5. */
    public static CrossConvConfig fiveScales() {
        return defaults().withScales(5);
    }

    /**
     * The configuration sized for training on a 2-core CPU (docs/MODELS.md): 64² input, 3 scales of 8 kernels of
     * 3×3 (z of 216 = 24 × 3 × 3), 32² output, narrow layers.
     */
    public static CrossConvConfig small() {
        return new CrossConvConfig(64, 3, 8, 3, new int[] {16, 16, 32, 32, 48, 48}, 16, 32, 5, 128f);
    }

    /** A configuration for unit tests: seconds per training step on the reference backend. */
    public static CrossConvConfig tiny() {
        return new CrossConvConfig(48, 2, 4, 3, new int[] {4, 4, 8, 8, 8, 8}, 4, 8, 3, 128f);
    }

    public CrossConvConfig withScales(int s) {
        return new CrossConvConfig(inputSize, s, featureChannels, kernelSize, motionWidths, imageWidth, decoderWidth,
                decoderKernel, targetScale);
    }

    @Override
    public int[] motionWidths() {
        return motionWidths.clone();
    }

    /** Side of the predicted difference image: half the input. */
    public int outputSize() {
        return inputSize / 2;
    }

    /** Channels of z = kernels produced by the kernel decoder = scales · featureChannels. */
    public int zChannels() {
        return scales * featureChannels;
    }

    /** Number of elements of one z. */
    public int zSize() {
        return zChannels() * kernelSize * kernelSize;
    }

    /** Side of pyramid level s (0 = smallest): 2·inputSize / 2^(scales − 1 − s). */
    public int pyramidSize(int s) {
        return (inputSize * 2) >> (scales - 1 - s);
    }

    /** The motion encoder's last (valid) convolution: from the inputSize/16 grid down to kernelSize. */
    int motionHeadKernel() {
        return inputSize / MOTION_DOWNSAMPLE - kernelSize + 1;
    }

    /**
     * The sizes as model-file metadata (CONTRACTS §4: flat strings, snake-case keys), in a fixed order; {@code z_size}
     * is derived and written for readers of the file.
     */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("input_size", Integer.toString(inputSize));
        m.put("scales", Integer.toString(scales));
        m.put("feature_channels", Integer.toString(featureChannels));
        m.put("kernel_size", Integer.toString(kernelSize));
        m.put("motion_widths", String.join(",", Arrays.stream(motionWidths).mapToObj(Integer::toString).toList()));
        m.put("image_width", Integer.toString(imageWidth));
        m.put("decoder_width", Integer.toString(decoderWidth));
        m.put("decoder_kernel", Integer.toString(decoderKernel));
        m.put("target_scale", Float.toString(targetScale));
        m.put("z_size", Integer.toString(zSize()));
        return m;
    }

    /** The keys {@link #metadata()} writes and {@link #fromMetadata} reads. */
    public static java.util.Set<String> metadataKeys() {
        return defaults().metadata().keySet();
    }

    /**
     * Reads {@link #metadata()}. Every size key is required; {@code z_size}, when present, must equal the derived
     * size. Each error names the key, what was expected and what the map holds.
     */
    public static CrossConvConfig fromMetadata(Map<String, String> m) {
        String widths = required(m, "motion_widths");
        String[] parts = widths.split(",", -1);
        if (parts.length != 6) {
            throw new IllegalArgumentException("crossconv metadata 'motion_widths' = '" + widths + "': expected six "
                    + "comma-separated integers (e.g. 96,96,128,128,256,256), got " + parts.length + " value"
                    + (parts.length == 1 ? "" : "s"));
        }
        int[] w = new int[6];
        for (int i = 0; i < 6; i++) {
            w[i] = parseInt("motion_widths", widths, parts[i]);
        }
        String ts = required(m, "target_scale");
        float targetScale;
        try {
            targetScale = Float.parseFloat(ts.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("crossconv metadata 'target_scale' = '" + ts + "': expected a number");
        }
        CrossConvConfig c = new CrossConvConfig(integer(m, "input_size"), integer(m, "scales"),
                integer(m, "feature_channels"), integer(m, "kernel_size"), w, integer(m, "image_width"),
                integer(m, "decoder_width"), integer(m, "decoder_kernel"), targetScale);
        if (m.containsKey("z_size") && integer(m, "z_size") != c.zSize()) {
            throw new IllegalArgumentException("crossconv metadata 'z_size' = '" + m.get("z_size") + "': expected "
                    + c.zSize() + " = scales · feature_channels · kernel_size² = " + c.scales() + " · "
                    + c.featureChannels() + " · " + c.kernelSize() + "²");
        }
        return c;
    }

    private static String required(Map<String, String> m, String key) {
        String v = m.get(key);
        if (v == null) {
            throw new IllegalArgumentException("crossconv metadata lacks '" + key + "' (expected keys: "
                    + metadataKeys() + ")");
        }
        return v;
    }

    private static int integer(Map<String, String> m, String key) {
        String v = required(m, key);
        return parseInt(key, v, v);
    }

    private static int parseInt(String key, String whole, String part) {
        try {
            return Integer.parseInt(part.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("crossconv metadata '" + key + "' = '" + whole + "': expected an "
                    + "integer" + (whole.equals(part) ? "" : ", '" + part + "' is not one"));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CrossConvConfig c && inputSize == c.inputSize && scales == c.scales
                && featureChannels == c.featureChannels && kernelSize == c.kernelSize
                && Arrays.equals(motionWidths, c.motionWidths) && imageWidth == c.imageWidth
                && decoderWidth == c.decoderWidth && decoderKernel == c.decoderKernel && targetScale == c.targetScale;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(new int[] {inputSize, scales, featureChannels, kernelSize, Arrays.hashCode(motionWidths),
            imageWidth, decoderWidth, decoderKernel, Float.floatToIntBits(targetScale)});
    }

    @Override
    public String toString() {
        return "CrossConvConfig[input " + inputSize + ", scales " + scales + ", features " + featureChannels
                + ", kernel " + kernelSize + ", motion " + Arrays.toString(motionWidths) + ", image " + imageWidth
                + ", decoder " + decoderWidth + "/" + decoderKernel + ", target×" + targetScale + "]";
    }
}
