package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.layers.Conv;
import io.nextframe.layers.GaussianSampler;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;

import java.util.List;

/**
 * The model of the paper's toy world (§3.2): p(v | I) for a 2-D motion v of a circle or square image I. An image
 * encoder (two stride-2 5×5 convs, ReLU, linear to {@code features}) feeds both the recognition network
 * q(z | v, I) (an MLP on [h, v] → μ, logvar of a {@code zDim}-d z) and the decoder f(z, I) (an MLP on [h, z] → v̂).
 * The same module serves three variants: the cVAE (sample z, KL), the autoencoder (z = μ, no KL) and the
 * deterministic regressor (z ignored: zero).
 */
public final class ToyWorldModel extends Module {
    /** cVAE, plain autoencoder, or deterministic regression of v from I alone. */
    public enum Variant { CVAE, AE, DETERMINISTIC }

    private final int size;
    private final int zDim;
    private final Conv c1;
    private final Conv c2;
    private final Linear imageHead;
    private final Linear enc1;
    private final Linear enc2;
    private final Linear dec1;
    private final Linear dec2;
    private final GaussianSampler sampler;

    public ToyWorldModel(Backend backend, int size, int features, int hidden, int zDim, Rng rng) {
        super(backend);
        if (size % 4 != 0 || features < 1 || hidden < 1 || zDim < 1) {
            throw new IllegalArgumentException("ToyWorldModel: size " + size + " must be a multiple of 4 and "
                    + "features " + features + ", hidden " + hidden + ", zDim " + zDim + " ≥ 1");
        }
        this.size = size;
        this.zDim = zDim;
        this.c1 = child("conv1", new Conv(backend, 1, 8, new int[] {5, 5}, ConvSpec.of(2, 2, 2), true, rng));
        this.c2 = child("conv2", new Conv(backend, 8, 8, new int[] {5, 5}, ConvSpec.of(2, 2, 2), true, rng));
        this.imageHead = child("image_head", new Linear(backend, 8 * (size / 4) * (size / 4), features, rng));
        this.enc1 = child("enc1", new Linear(backend, features + 2, hidden, rng));
        this.enc2 = child("enc2", new Linear(backend, hidden, 2 * zDim, rng));
        this.dec1 = child("dec1", new Linear(backend, features + zDim, hidden, rng));
        this.dec2 = child("dec2", new Linear(backend, hidden, 2, rng));
        this.sampler = child("sampler", new GaussianSampler(backend, rng));
    }

    public int zDim() {
        return zDim;
    }

    /** Image features h(I) of (B, 1, size, size) images. */
    public Var features(Var images) {
        if (images.rank() != 4 || images.dim(1) != 1 || images.dim(2) != size || images.dim(3) != size) {
            throw new IllegalArgumentException("ToyWorldModel: images " + images.shape() + ", expected (B, 1, "
                    + size + ", " + size + ")");
        }
        Var x = F.relu(c2.forward(F.relu(c1.forward(images))));
        return F.relu(imageHead.forward(F.reshape(x, x.dim(0), -1)));
    }

    /** (μ, logvar) of q(z | v, I), each (B, zDim). */
    public Var[] encode(Var h, Var v) {
        Var q = enc2.forward(F.relu(enc1.forward(F.concat(List.of(h, v), 1))));
        return new Var[] {F.slice(q, 1, 0, zDim), F.slice(q, 1, zDim, 2 * zDim)};
    }

    /** f(z, I) = v̂ (B, 2). */
    public Var decode(Var h, Var z) {
        if (z.rank() != 2 || z.dim(1) != zDim || z.dim(0) != h.dim(0)) {
            throw new IllegalArgumentException("ToyWorldModel.decode: z " + z.shape() + ", expected (" + h.dim(0)
                    + ", " + zDim + ")");
        }
        return dec2.forward(F.relu(dec1.forward(F.concat(List.of(h, z), 1))));
    }

    /** The variant's training loss: λ·Σ‖v − v̂‖²/B (+ KL for the cVAE). */
    public Var loss(Variant variant, Var images, Var v, float lambda) {
        Var h = features(images);
        Var z;
        Var kl = null;
        switch (variant) {
            case CVAE -> {
                Var[] q = encode(h, v);
                z = sampler.forward(q[0], q[1]);
                kl = io.nextframe.layers.losses.Losses.klStandardNormal(q[0], q[1]);
            }
            case AE -> z = encode(h, v)[0];
            default -> z = Var.constant(backend.zeros(v.dim(0), zDim));
        }
        Var rec = F.scale(F.sum(F.square(F.sub(decode(h, z), v))), lambda / v.dim(0));
        return kl == null ? rec : F.add(rec, kl);
    }
}
