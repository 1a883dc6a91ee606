package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.Var;

import java.util.ArrayList;
import java.util.List;

/** Blocks applied in order, registered under "0", "1", … as PyTorch's nn.Sequential. */
public final class Sequential extends Block {
    private final List<Block> blocks = new ArrayList<>();

    public Sequential(Backend backend, Block... blocks) {
        super(backend);
        for (Block b : blocks) {
            add(b);
        }
    }

    public Sequential add(Block b) {
        child(Integer.toString(blocks.size()), b);
        blocks.add(b);
        return this;
    }

    public Block get(int i) {
        return blocks.get(i);
    }

    public int size() {
        return blocks.size();
    }

    @Override
    public Var forward(Var x) {
        for (Block b : blocks) {
            x = b.forward(x);
        }
        return x;
    }
}
