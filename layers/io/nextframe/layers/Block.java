package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.Var;

/** A module with one input and one output, the unit that {@link Sequential} chains. */
public abstract class Block extends Module {

    protected Block(Backend backend) {
        super(backend);
    }

    public abstract Var forward(Var x);
}
