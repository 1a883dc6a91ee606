package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.PoolSpec;

/** Max or average pooling (nn.MaxPool/AvgPool 1d–3d). */
public final class Pool extends Block {
    private final PoolSpec spec;

    public Pool(Backend backend, PoolSpec spec) {
        super(backend);
        this.spec = spec;
    }

    public static Pool max(Backend b, int dims, int k) {
        return new Pool(b, PoolSpec.of(PoolSpec.Kind.MAX, dims, k));
    }

    public static Pool avg(Backend b, int dims, int k) {
        return new Pool(b, PoolSpec.of(PoolSpec.Kind.AVG, dims, k));
    }

    @Override
    public Var forward(Var x) {
        return F.pool(spec, x);
    }
}
