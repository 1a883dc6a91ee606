package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ResizeMode;

/** nn.Upsample by an integer factor on every spatial axis: nearest, or (bi/tri)linear with the align-corners option. */
public final class Upsample extends Block {
    private final ResizeMode mode;
    private final boolean alignCorners;
    private final int factor;

    public Upsample(Backend backend, ResizeMode mode, boolean alignCorners, int factor) {
        super(backend);
        if (factor < 1) {
            throw new IllegalArgumentException("Upsample: factor " + factor + " must be ≥ 1");
        }
        this.mode = mode;
        this.alignCorners = alignCorners;
        this.factor = factor;
    }

    public static Upsample nearest(Backend b, int factor) {
        return new Upsample(b, ResizeMode.NEAREST, false, factor);
    }

    public static Upsample bilinear(Backend b, int factor, boolean alignCorners) {
        return new Upsample(b, ResizeMode.LINEAR, alignCorners, factor);
    }

    @Override
    public Var forward(Var x) {
        int[] size = new int[x.rank() - 2];
        for (int i = 0; i < size.length; i++) {
            size[i] = x.dim(i + 2) * factor;
        }
        return F.resize(mode, alignCorners, x, size);
    }
}
