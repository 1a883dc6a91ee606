package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;

import java.util.List;

/** A frame encoder: (B, C, 64, 64) → the vector h (B, dim) and four skip feature maps, finest first. */
public abstract class SvgEncoder extends Module {
    protected final int dim;

    protected SvgEncoder(Backend b, int dim) {
        super(b);
        this.dim = dim;
    }

    public int dim() {
        return dim;
    }

    /** The encoding of one batch of frames. */
    public abstract Encoded encode(Var x);

    /** h (B, dim) and the skips [h1, h2, h3, h4] (finest first), as the authors' encoders return them. */
    public record Encoded(Var h, List<Var> skips) {
    }
}
