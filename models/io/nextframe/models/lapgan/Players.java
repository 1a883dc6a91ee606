package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Block;
import io.nextframe.layers.Linear;
import io.nextframe.layers.Rng;

/** Small building blocks shared by the baseline players. */
final class Players {

    private Players() {
    }

    /** in → hidden (ReLU) → hidden (ReLU) → out, linear output. Children l1, l2, out. */
    static final class Mlp extends Block {
        private final Linear l1;
        private final Linear l2;
        private final Linear out;

        Mlp(Backend backend, int in, int hidden, int outDim, Rng rng) {
            super(backend);
            l1 = child("l1", new Linear(backend, in, hidden, rng));
            l2 = child("l2", new Linear(backend, hidden, hidden, rng));
            out = child("out", new Linear(backend, hidden, outDim, rng));
        }

        @Override
        public Var forward(Var x) {
            return out.forward(F.relu(l2.forward(F.relu(l1.forward(x)))));
        }
    }
}
