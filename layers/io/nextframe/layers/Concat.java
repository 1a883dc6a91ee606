package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

import java.util.ArrayList;
import java.util.List;

/** Applies each branch ("0", "1", …) to the same input and concatenates the outputs along {@code axis}. */
public final class Concat extends Block {
    private final int axis;
    private final List<Block> branches = new ArrayList<>();

    public Concat(Backend backend, int axis, Block... branches) {
        super(backend);
        this.axis = axis;
        for (Block b : branches) {
            child(Integer.toString(this.branches.size()), b);
            this.branches.add(b);
        }
        if (this.branches.isEmpty()) {
            throw new IllegalArgumentException("Concat: no branches");
        }
    }

    @Override
    public Var forward(Var x) {
        List<Var> outs = new ArrayList<>(branches.size());
        for (Block b : branches) {
            outs.add(b.forward(x));
        }
        return F.concat(outs, axis);
    }
}
