package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;
import io.nextframe.layers.Parameter;
import io.nextframe.layers.Rng;
import io.nextframe.models.svg.SvgDecoder;
import io.nextframe.models.svg.SvgEncoder;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * DrNET (Denton &amp; Birodkar 2017): content encoder E_c ({@code netEC.}), pose encoder E_p ({@code netEP.}),
 * decoder D ({@code netD.}) and scene discriminator C ({@code netC.}), the state-dict prefixes of the authors'
 * checkpoints. D(E_c(x^t), E_p(x^{t+k})) reconstructs x^{t+k}; C tells whether two poses come from one clip.
 */
public final class DrnetModel extends Module implements DrnetCodec {
    private final DrnetConfig config;
    private final SvgEncoder netEC;
    private final SvgEncoder netEP;
    private final SvgDecoder netD;
    private final SceneDiscriminator netC;

    /** Fresh weights drawn from {@code seed} (the authors' initialisation). */
    public DrnetModel(Backend b, DrnetConfig c, long seed) {
        super(b);
        this.config = c;
        Rng rng = new Rng(seed);
        netEC = child("netEC", DrnetNets.contentEncoder(b, c, rng));
        netEP = child("netEP", DrnetNets.poseEncoder(b, c, rng));
        netD = child("netD", DrnetNets.decoder(b, c, rng));
        netC = child("netC", new SceneDiscriminator(b, c.poseDim(), c.sdNf(), rng));
        DrnetInit.apply(this, rng);
    }

    public DrnetConfig config() {
        return config;
    }

    @Override
    public DrnetConfig drnetConfig() {
        return config;
    }

    @Override
    public void evaluationMode() {
        eval();
    }

    /** h_c (B, content_dim) and, for the unet content models, the skips [h1 … h4] finest first. */
    @Override
    public SvgEncoder.Encoded content(Var frames) {
        return netEC.encode(frames);
    }

    /** h_p (B, pose_dim). */
    @Override
    public Var pose(Var frames) {
        return netEP.encode(frames).h();
    }

    /** D(h_c, h_p): (B, C, 64, 64) in [0, 1]; the skips travel with the content. */
    @Override
    public Var decode(SvgEncoder.Encoded content, Var pose) {
        return netD.decode(F.concat(List.of(content.h(), pose), 1), content.skips());
    }

    /** C(h_p1, h_p2): (B, 1), the probability that the two poses come from different clips. */
    public Var discriminate(Var hp1, Var hp2) {
        return netC.forward(hp1, hp2);
    }

    public SvgEncoder contentEncoder() {
        return netEC;
    }

    public SvgEncoder poseEncoder() {
        return netEP;
    }

    public SvgDecoder decoder() {
        return netD;
    }

    public SceneDiscriminator sceneDiscriminator() {
        return netC;
    }

    /** The trainable parameters of netEC, netEP and netD (what the joint update changes), by full key. */
    public Map<String, Parameter> autoencoderParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        trainableParameters().forEach((k, p) -> {
            if (!k.startsWith("netC.")) {
                out.put(k, p);
            }
        });
        return out;
    }

    /** The trainable parameters of netC, by full key. */
    public Map<String, Parameter> discriminatorParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        trainableParameters().forEach((k, p) -> {
            if (k.startsWith("netC.")) {
                out.put(k, p);
            }
        });
        return out;
    }
}
