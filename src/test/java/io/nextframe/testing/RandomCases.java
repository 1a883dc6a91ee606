package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.Distribution;

import java.util.List;
import java.util.Random;

import static io.nextframe.testing.OpCase.outputs;
import static io.nextframe.testing.Tensors.dims;

/** Counter-based random fills: both distributions, odd sizes, counters not aligned to a Philox block. */
final class RandomCases {
    private static final long BASE = 97;

    private RandomCases() {
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        int index = 0;
        for (Distribution dist : Distribution.values()) {
            for (int i = 0; i < 3; i++) {
                int[] d = g.sizes(g.between(1, 3), 23);
                long seed = g.between(0, 1 << 30) * 4_294_967_311L, stream = g.between(0, 5);
                long counter = g.between(0, 1000);
                out.add(fill(index++, dist, seed, stream, counter, d));
            }
        }
    }

    static OpCase fill(int index, Distribution dist, long seed, long stream, long counter, int[] d) {
        String name = "random " + dist.name().toLowerCase() + " " + dims(d) + " seed " + seed + " stream " + stream
                + " counter " + counter;
        return new OpCase(name, OpCases.seed(BASE, index), 1, (Backend b, Random rnd) -> {
            Tensor t = b.zeros(d);
            if (dist == Distribution.UNIFORM) {
                b.fillRandom(dist, seed, stream, counter, -1f, 3f, t);
            } else {
                b.fillRandom(dist, seed, stream, counter, 0.5f, 2f, t);
            }
            return outputs("t", t);
        });
    }
}
