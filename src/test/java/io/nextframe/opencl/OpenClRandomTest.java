package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.core.Philox;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.Distribution;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device draws equal {@link Philox#fill}: uniform bitwise, normal within the documented tolerance. */
class OpenClRandomTest {
    static Backend cl;

    @BeforeAll
    static void open() {
        cl = OpenClTestSupport.backend();
    }

    @Test
    void uniformIsBitwiseEqualToPhilox() {
        long seed = 0x1234_5678_9ABCL, stream = 7L << 33 | 3, counter = (1L << 32) - 5; // block counter crosses 2³²
        float[] want = new float[1001];
        Philox.fill(Distribution.UNIFORM, seed, stream, counter, -2f, 3f, want);
        try (var scope = cl.scope()) {
            Tensor t = cl.zeros(7, 11, 13);
            cl.fillRandom(Distribution.UNIFORM, seed, stream, counter, -2f, 3f, t);
            assertArrayEquals(want, t.toFloatArray());
        }
    }

    @Test
    void normalMatchesPhiloxAndItsMoments() {
        long seed = -42L, stream = 1, counter = 3; // odd start: begins in the second half of a block
        float[] want = new float[4097];
        Philox.fill(Distribution.NORMAL, seed, stream, counter, 0.5f, 2f, want);
        try (var scope = cl.scope()) {
            Tensor t = cl.zeros(Shape.of(want.length));
            cl.fillRandom(Distribution.NORMAL, seed, stream, counter, 0.5f, 2f, t);
            float[] got = t.toFloatArray();
            // fp64 devices: ≤ 1 float ulp from the Java result; float-only devices: ≈ 1e-6 absolute
            for (int i = 0; i < want.length; i++) {
                double tol = 2 * Math.ulp(want[i]) + 2e-6 * 2;
                assertTrue(Math.abs(got[i] - want[i]) <= tol,
                        "normal draw " + i + ": " + got[i] + " vs Philox " + want[i]);
            }
            double mean = 0;
            for (float v : got) {
                mean += v;
            }
            mean /= got.length;
            assertTrue(Math.abs(mean - 0.5) < 0.1, "mean of N(0.5, 2²) draws: " + mean);
        }
    }

    @Test
    void aViewIsFilledAtItsOffset() {
        float[] want = new float[20];
        Philox.fill(Distribution.UNIFORM, 9, 0, 100, 0f, 1f, want);
        try (var scope = cl.scope()) {
            Tensor whole = cl.zeros(3, 20);
            cl.fillRandom(Distribution.UNIFORM, 9, 0, 100, 0f, 1f, whole.select(0, 1));
            float[] got = whole.toFloatArray();
            assertArrayEquals(want, java.util.Arrays.copyOfRange(got, 20, 40));
            assertArrayEquals(new float[20], java.util.Arrays.copyOfRange(got, 0, 20));
            assertArrayEquals(new float[20], java.util.Arrays.copyOfRange(got, 40, 60));
        }
    }
}
