package io.nextframe.models.crossconv;

import java.util.Arrays;

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
 */
public record CrossConvConfig(int inputSize, int scales, int featureChannels, int kernelSize, int[] motionWidths,
                              int imageWidth, int decoderWidth, int decoderKernel, float targetScale) {
    /** The motion encoder pools by 4, 2, 2. */
    static final int MOTION_DOWNSAMPLE = 16;

    public CrossConvConfig {
        motionWidths = motionWidths == null ? null : motionWidths.clone();
        StringBuilder bad = new StringBuilder();
        if (inputSize < 16 || inputSize % MOTION_DOWNSAMPLE != 0) {
            bad.append(" inputSize ").append(inputSize).append(" must be a positive multiple of 16;");
        }
        if (scales < 1 || inputSize * 2 >> (scales - 1) < 4 || (inputSize * 2) % (1 << (scales - 1)) != 0) {
            bad.append(" scales ").append(scales).append(" leaves a pyramid level below 4 px or of odd size;");
        }
        if (kernelSize < 1 || kernelSize % 2 == 0) {
            bad.append(" kernelSize ").append(kernelSize).append(" must be odd;");
        } else if (inputSize / MOTION_DOWNSAMPLE < kernelSize) {
            bad.append(" kernelSize ").append(kernelSize).append(" exceeds the motion encoder's grid ")
                    .append(inputSize / MOTION_DOWNSAMPLE).append(";");
        }
        if (motionWidths == null || motionWidths.length != 6 || Arrays.stream(motionWidths).anyMatch(w -> w < 1)) {
            bad.append(" motionWidths ").append(Arrays.toString(motionWidths)).append(" needs six positive widths;");
        } else if (motionWidths[5] % 2 != 0) {
            bad.append(" the last motion width ").append(motionWidths[5]).append(" must be even (mean | logvar);");
        }
        if (featureChannels < 1 || imageWidth < 1 || decoderWidth < 1 || decoderKernel < 1 || decoderKernel % 2 == 0) {
            bad.append(" featureChannels, imageWidth, decoderWidth must be ≥ 1 and decoderKernel odd;");
        }
        if (!(targetScale > 0)) {
            bad.append(" targetScale ").append(targetScale).append(" must be > 0;");
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
