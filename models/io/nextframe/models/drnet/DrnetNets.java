package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.layers.Rng;
import io.nextframe.models.svg.DcganDecoder;
import io.nextframe.models.svg.DcganEncoder;
import io.nextframe.models.svg.SvgDecoder;
import io.nextframe.models.svg.SvgEncoder;
import io.nextframe.models.svg.VggDecoder;
import io.nextframe.models.svg.VggEncoder;

/**
 * Builds netEC, netEP and netD for a config, as train_drnet.py picks them: content_model {@code dcgan} →
 * dcgan_64.py's plain encoder and decoder; {@code dcgan_unet} → dcgan_unet_64.py (c1…c5 / upc1…upc5 with skips,
 * the same networks as SVG's dcgan_64.py, so SVG's classes are reused); {@code vgg_unet} → vgg_unet_64.py (SVG's
 * vgg_64.py networks). pose_model {@code dcgan} → dcgan_64.py's pose encoder, {@code resnet} → resnet_64.py's
 * ResNet-18. The decoder's input is cat([content, pose]).
 */
final class DrnetNets {
    private DrnetNets() {
    }

    static SvgEncoder contentEncoder(Backend b, DrnetConfig c, Rng rng) {
        return switch (c.contentModel()) {
            case "dcgan" -> new PlainEncoder(b, c.contentDim(), c.channels(), c.nf(), false, rng);
            case "dcgan_unet" -> new DcganEncoder(b, c.contentDim(), c.channels(), c.nf(), rng);
            case "vgg_unet" -> new VggEncoder(b, c.contentDim(), c.channels(), c.nf(), rng);
            default -> throw new IllegalArgumentException("DrNET: content_model " + c.contentModel());
        };
    }

    static SvgEncoder poseEncoder(Backend b, DrnetConfig c, Rng rng) {
        return switch (c.poseModel()) {
            case "dcgan" -> new PlainEncoder(b, c.poseDim(), c.channels(), c.nf(), c.normalize(), rng);
            case "resnet" -> new ResnetPoseEncoder(b, c.poseDim(), c.channels(), c.normalize(), rng);
            default -> throw new IllegalArgumentException("DrNET: pose_model " + c.poseModel());
        };
    }

    static SvgDecoder decoder(Backend b, DrnetConfig c, Rng rng) {
        int in = c.contentDim() + c.poseDim();
        return switch (c.contentModel()) {
            case "dcgan" -> new PlainDecoder(b, in, c.channels(), c.nf(), rng);
            case "dcgan_unet" -> new DcganDecoder(b, in, c.channels(), c.nf(), rng);
            case "vgg_unet" -> new VggDecoder(b, in, c.channels(), c.nf(), rng);
            default -> throw new IllegalArgumentException("DrNET: content_model " + c.contentModel());
        };
    }
}
