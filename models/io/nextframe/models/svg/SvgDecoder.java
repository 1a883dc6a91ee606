package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;

import java.util.List;

/** A frame decoder: (vector (B, dim), skips [h1…h4] finest first) → (B, C, 64, 64) in [0, 1]. */
public abstract class SvgDecoder extends Module {
    protected final int dim;

    protected SvgDecoder(Backend b, int dim) {
        super(b);
        this.dim = dim;
    }

    public abstract Var decode(Var vec, List<Var> skips);
}
