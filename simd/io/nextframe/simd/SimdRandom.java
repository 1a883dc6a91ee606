package io.nextframe.simd;

import io.nextframe.core.Philox;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.Distribution;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.BLOCK;

/**
 * Counter-based random fill, element for element the numbers of {@link Philox#fill}: element i is draw
 * {@code counter + i} of (seed, stream), whatever task computes it. Tasks are fixed index blocks; each Philox block
 * (4 uniform or 2 normal draws) is computed once per task and reused for its neighbours.
 */
final class SimdRandom {
    private SimdRandom() {
    }

    static void fill(WorkerPool pool, Distribution dist, long seed, long stream, long counter, float a, float b,
                     Tensor t) {
        MemorySegment s = Vec.seg(t);
        long base = t.offset(), n = t.size();
        boolean uniform = dist == Distribution.UNIFORM;
        pool.parallelFor(Vec.blocks(n), 1, (from, to) -> {
            int[] w = new int[4];
            long cached = -1;
            for (long i = (long) from * BLOCK, end = Math.min(n, (long) to * BLOCK); i < end; i++) {
                long idx = counter + i;
                long block = uniform ? idx >>> 2 : idx >>> 1;
                if (block != cached) {
                    Philox.block(seed, stream, block, w);
                    cached = block;
                }
                float v;
                if (uniform) {
                    v = a + (b - a) * Philox.toUnit(w[(int) (idx & 3)]);
                } else {
                    int p = (int) (idx & 1) * 2;
                    v = a + b * Philox.boxMuller(w[p], w[p + 1]);
                }
                Vec.set(s, base + i, v);
            }
        });
    }
}
