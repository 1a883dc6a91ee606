package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.ReduceOp;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.nextframe.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;

/** Threads sharing the device queue (kernel arguments, scratch from the pool) get the single-thread results bitwise. */
class OpenClConcurrencyTest {

    static float[] work(Backend cl, int seed) {
        try (var scope = cl.scope()) {
            Tensor x = cl.fromFloats(Shape.of(2, 3, 9, 8), random(seed, 2 * 3 * 9 * 8));
            Tensor w = cl.fromFloats(Shape.of(5, 3, 3, 3), random(seed + 1, 5 * 27));
            Tensor y = cl.conv(ConvSpec.of(2, 1, 1), x, w, null);
            Tensor g = cl.matmul(y.reshape(10, 72), false, y.reshape(10, 72), true);
            return cl.reduce(ReduceOp.SUM, g, 1).toFloatArray();
        }
    }

    @Test
    void threadsGetTheSingleThreadResults() throws Exception {
        Backend cl = OpenClTestSupport.backend();
        int tasks = 24;
        List<float[]> serial = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            serial.add(work(cl, t % 6));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> futures = new ArrayList<>();
            for (int t = 0; t < tasks; t++) {
                int seed = t % 6;
                futures.add(pool.submit(() -> work(cl, seed)));
            }
            for (int t = 0; t < tasks; t++) {
                assertArrayEquals(serial.get(t), futures.get(t).get(), "task " + t);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
