package io.nextframe.models.drnet;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * DrNET's architecture and training options under the option names of the authors' train_drnet.py
 * (edenton/drnet-py). {@link #code()} holds that script's defaults (newest stored version): content_model
 * dcgan_unet, pose_model dcgan, content_dim 128, pose_dim 10, 64×64, 3 channels, max_step 20, sd_weight 1e-4,
 * sd_nf 100, BCE, normalize false, Adam lr 0.002 β1 0.9, batch 100. {@link #codeV1()} is the script's first
 * version (plain dcgan, max_step 12, sd_weight 0.01, sd_nf 512, its "bce_criterion" an MSE); {@link #thesis()} is
 * the thesis's MNIST setting (|h_p| 5, β 0.1, unit-norm pose, plain DCGAN networks).
 *
 * @param contentModel {@code dcgan} (plain, no skips), {@code dcgan_unet} or {@code vgg_unet} (skips from the
 *                     content encoder to the decoder); the decoder follows the content model, as in the script
 * @param poseModel    {@code dcgan} (dcgan_64.py) or {@code resnet} (resnet_64.py's ResNet-18, the thesis's KTH/NORB
 *                     pose encoder)
 * @param maxStep      K: frames are drawn from the first K of a clip, x[0] and x[r] with r uniform in 1 … K−1
 * @param sdWeight     β, the weight of the adversarial term (0 = the ablation without scene discriminator)
 * @param sdNf         width of the scene discriminator's hidden layers
 * @param sdCriterion  {@code bce} (the script) or {@code mse} (its first version), for both discriminator and
 *                     adversarial terms
 * @param normalize    divide pose vectors by their L2 norm (the thesis's unit-norm pose)
 * @param alpha        weight of the similarity loss (1 in the thesis; the script has no such option)
 * @param nf           width of the first encoder layer (64 in the authors' code; smaller only for tests, written
 *                     to the metadata as {@code nf} when it differs from 64)
 */
public record DrnetConfig(String contentModel, String poseModel, int contentDim, int poseDim, int imageWidth,
                          int channels, int maxStep, double sdWeight, int sdNf, String sdCriterion, boolean normalize,
                          double alpha, double lr, double beta1, int batchSize, int nf) {

    public static final int IMAGE_WIDTH = 64;
    static final Set<String> CONTENT_MODELS = Set.of("dcgan", "dcgan_unet", "vgg_unet");
    static final Set<String> POSE_MODELS = Set.of("dcgan", "resnet");
    static final Set<String> CRITERIA = Set.of("bce", "mse");

    public DrnetConfig {
        if (!CONTENT_MODELS.contains(contentModel)) {
            throw new IllegalArgumentException("DrnetConfig: content_model '" + contentModel + "' must be one of "
                    + "dcgan, dcgan_unet, vgg_unet");
        }
        if (!POSE_MODELS.contains(poseModel)) {
            throw new IllegalArgumentException("DrnetConfig: pose_model '" + poseModel + "' must be dcgan or "
                    + "resnet");
        }
        if (imageWidth != IMAGE_WIDTH) {
            throw new IllegalArgumentException("DrnetConfig: image_width " + imageWidth
                    + " unsupported: the 64×64 networks take 64×64 frames");
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("DrnetConfig: channels " + channels + " must be 1 or 3");
        }
        positive("content_dim", contentDim);
        positive("pose_dim", poseDim);
        positive("sd_nf", sdNf);
        positive("nf", nf);
        if (maxStep < 2) {
            throw new IllegalArgumentException("DrnetConfig: max_step " + maxStep + " must be ≥ 2 (frames x[0] and "
                    + "x[r], r in 1 … max_step − 1)");
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("DrnetConfig: batch_size " + batchSize + " must be ≥ 2 (the scene "
                    + "discriminator pairs the first half with other videos, the second half with the same video)");
        }
        if (!CRITERIA.contains(sdCriterion)) {
            throw new IllegalArgumentException("DrnetConfig: sd_criterion '" + sdCriterion + "' must be bce or mse");
        }
        if (!(sdWeight >= 0) || Double.isInfinite(sdWeight) || !(alpha >= 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("DrnetConfig: sd_weight " + sdWeight + " and alpha " + alpha
                    + " must be finite and ≥ 0");
        }
        if (!(lr > 0) || Double.isInfinite(lr) || !(beta1 >= 0 && beta1 < 1)) {
            throw new IllegalArgumentException("DrnetConfig: lr " + lr + " must be > 0 and beta1 " + beta1
                    + " in [0, 1)");
        }
    }

    private static void positive(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException("DrnetConfig: " + name + " " + v + " must be ≥ 1");
        }
    }

    /** train_drnet.py's defaults (newest version). */
    public static DrnetConfig code() {
        return new DrnetConfig("dcgan_unet", "dcgan", 128, 10, IMAGE_WIDTH, 3, 20, 1e-4, 100, "bce", false, 1,
                0.002, 0.9, 100, 64);
    }

    /** The script's first version: plain dcgan networks, max_step 12, sd_weight 0.01, sd_nf 512, MSE criterion. */
    public static DrnetConfig codeV1() {
        return new DrnetConfig("dcgan", "dcgan", 128, 10, IMAGE_WIDTH, 3, 12, 0.01, 512, "mse", false, 1,
                0.002, 0.9, 100, 64);
    }

    /** The thesis's Moving MNIST setting (ch. 5.3.1): |h_p| 5, |h_c| 128, β 0.1, α 1, unit-norm pose. */
    public static DrnetConfig thesis() {
        return new DrnetConfig("dcgan", "dcgan", 128, 5, IMAGE_WIDTH, 3, 20, 0.1, 100, "bce", true, 1,
                0.002, 0.9, 100, 64);
    }

    /** A preset by name: {@code code}, {@code code-v1}, {@code thesis}. */
    public static DrnetConfig preset(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "code" -> code();
            case "code-v1" -> codeV1();
            case "thesis" -> thesis();
            default -> throw new IllegalArgumentException("DrNET preset '" + name + "' is unknown; known: code, "
                    + "code-v1, thesis");
        };
    }

    /** Whether the content encoder passes skip connections to the decoder. */
    public boolean unet() {
        return !contentModel.equals("dcgan");
    }

    public DrnetConfig withSizes(int content, int pose, int sdHidden, int width) {
        return new DrnetConfig(contentModel, poseModel, content, pose, imageWidth, channels, maxStep, sdWeight,
                sdHidden, sdCriterion, normalize, alpha, lr, beta1, batchSize, width);
    }

    public DrnetConfig withModels(String content, String pose, int ch) {
        return new DrnetConfig(content, pose, contentDim, poseDim, imageWidth, ch, maxStep, sdWeight, sdNf,
                sdCriterion, normalize, alpha, lr, beta1, batchSize, nf);
    }

    public DrnetConfig withLosses(double a, double sd, String criterion, boolean norm) {
        return new DrnetConfig(contentModel, poseModel, contentDim, poseDim, imageWidth, channels, maxStep, sd,
                sdNf, criterion, norm, a, lr, beta1, batchSize, nf);
    }

    public DrnetConfig withTraining(int k, double learningRate, int batch) {
        return new DrnetConfig(contentModel, poseModel, contentDim, poseDim, imageWidth, channels, k, sdWeight,
                sdNf, sdCriterion, normalize, alpha, learningRate, beta1, batch, nf);
    }

    /** The safetensors {@code __metadata__} (CONTRACTS §4) with model {@code drnet}, under the script's names. */
    public Map<String, String> metadata() {
        return metadata("drnet");
    }

    Map<String, String> metadata(String kind) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", "nextframe");
        m.put("format_version", "1");
        m.put("model", kind);
        m.put("content_model", contentModel);
        m.put("pose_model", poseModel);
        m.put("content_dim", Integer.toString(contentDim));
        m.put("pose_dim", Integer.toString(poseDim));
        m.put("image_width", Integer.toString(imageWidth));
        m.put("channels", Integer.toString(channels));
        m.put("max_step", Integer.toString(maxStep));
        m.put("sd_weight", Double.toString(sdWeight));
        m.put("sd_nf", Integer.toString(sdNf));
        m.put("sd_criterion", sdCriterion);
        m.put("normalize", Boolean.toString(normalize));
        m.put("alpha", Double.toString(alpha));
        m.put("lr", Double.toString(lr));
        m.put("beta1", Double.toString(beta1));
        m.put("batch_size", Integer.toString(batchSize));
        if (nf != 64) {
            m.put("nf", Integer.toString(nf));
        }
        return m;
    }

    /**
     * Reads {@link #metadata()} (or what an export script writes from the authors' options). Architecture keys
     * (content_dim, pose_dim, channels) are required; the others default to {@link #code()}'s values.
     */
    public static DrnetConfig fromMetadata(Map<String, String> m) {
        DrnetConfig d = code();
        return new DrnetConfig(Meta.string(m, "content_model", d.contentModel()),
                Meta.string(m, "pose_model", d.poseModel()), Meta.integer(m, "content_dim", null),
                Meta.integer(m, "pose_dim", null), Meta.integer(m, "image_width", IMAGE_WIDTH),
                Meta.integer(m, "channels", null), Meta.integer(m, "max_step", d.maxStep()),
                Meta.number(m, "sd_weight", d.sdWeight()), Meta.integer(m, "sd_nf", d.sdNf()),
                Meta.string(m, "sd_criterion", d.sdCriterion()), Meta.bool(m, "normalize", d.normalize()),
                Meta.number(m, "alpha", d.alpha()), Meta.number(m, "lr", d.lr()), Meta.number(m, "beta1", d.beta1()),
                Meta.integer(m, "batch_size", d.batchSize()), Meta.integer(m, "nf", 64));
    }
}
