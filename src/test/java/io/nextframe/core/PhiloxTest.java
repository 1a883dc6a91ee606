package io.nextframe.core;

import io.nextframe.core.ops.Distribution;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Philox4x32-10 against the Random123 known-answer vectors, the fills of the reference backend against
 * {@link Philox#fill}, distribution sanity and determinism.
 */
class PhiloxTest {

    /**
     * Philox's javadoc maps key = (seed lo, seed hi) and counter = (block lo, block hi, stream lo, stream hi), so a
     * Random123 vector (ctr c0..c3, key k0 k1) is block(seed = k1:k0, stream = c3:c2, block = c1:c0).
     */
    private static int[] kat(int c0, int c1, int c2, int c3, int k0, int k1) {
        long seed = ((long) k1 << 32) | (k0 & 0xFFFFFFFFL);
        long stream = ((long) c3 << 32) | (c2 & 0xFFFFFFFFL);
        long block = ((long) c1 << 32) | (c0 & 0xFFFFFFFFL);
        int[] out = new int[4];
        Philox.block(seed, stream, block, out);
        return out;
    }

    @Test
    void matchesRandom123KnownAnswers() {
        assertArrayEquals(new int[] {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}, kat(0, 0, 0, 0, 0, 0),
                "philox4x32-10, counter 0, key 0");
        assertArrayEquals(new int[] {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
                kat(-1, -1, -1, -1, -1, -1), "philox4x32-10, counter and key all ones");
        assertArrayEquals(new int[] {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
                kat(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0),
                "philox4x32-10, counter and key from the digits of π");
    }

    private static float[] fillOnBackend(Distribution d, long seed, long stream, long counter, float a, float b,
                                         int... dims) {
        Backend be = Backends.get("reference");
        try (Tensor t = be.zeros(dims)) {
            be.fillRandom(d, seed, stream, counter, a, b, t);
            return t.toFloatArray();
        }
    }

    @Test
    void fillRandomGivesExactlyPhiloxFill() {
        for (Distribution d : Distribution.values()) {
            float[] expected = new float[3 * 5 * 7];
            Philox.fill(d, 0x1234_5678_9abcL, 3, 13, -0.5f, 2f, expected);
            assertArrayEquals(expected, fillOnBackend(d, 0x1234_5678_9abcL, 3, 13, -0.5f, 2f, 3, 5, 7),
                    d + " fill differs from Philox.fill");
        }
    }

    @Test
    void fillOfAnF64TensorHoldsTheSameNumbers() {
        Backend be = Backends.get("reference");
        try (Tensor t = be.zeros(DType.F64, Shape.of(37))) {
            be.fillRandom(Distribution.NORMAL, 9, 1, 5, 0f, 1f, t);
            float[] expected = new float[37];
            Philox.fill(Distribution.NORMAL, 9, 1, 5, 0f, 1f, expected);
            double[] got = t.toDoubleArray();
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], got[i], 0.0, "element " + i);
            }
        }
    }

    @Test
    void uniformHasMeanAHalfAndVarianceATwelfth() {
        int n = 200_000;
        float[] u = new float[n];
        Philox.fill(Distribution.UNIFORM, 42, 0, 0, 0f, 1f, u);
        double mean = 0, sq = 0;
        for (float v : u) {
            assertTrue(v >= 0f && v < 1f, "uniform value " + v + " outside [0, 1)");
            mean += v;
        }
        mean /= n;
        for (float v : u) {
            sq += (v - mean) * (v - mean);
        }
        // standard errors: mean 0.29/√n ≈ 6.5e-4, variance ≈ 0.075/√n ≈ 1.7e-4; allow about five of them
        assertEquals(0.5, mean, 3.5e-3);
        assertEquals(1.0 / 12, sq / n, 1e-3);
    }

    @Test
    void normalHasMeanAAndStandardDeviationB() {
        int n = 200_000;
        float[] z = new float[n];
        Philox.fill(Distribution.NORMAL, 7, 2, 0, 1.5f, 2f, z);
        double mean = 0, sq = 0;
        for (float v : z) {
            mean += v;
        }
        mean /= n;
        for (float v : z) {
            sq += (v - mean) * (v - mean);
        }
        assertEquals(1.5, mean, 5 * 2 / Math.sqrt(n));
        assertEquals(4.0, sq / n, 5 * 4 * Math.sqrt(2.0 / n));
    }

    @Test
    void numbersDependOnlyOnSeedStreamAndIndex() {
        float[] whole = fillOnBackend(Distribution.NORMAL, 5, 1, 0, 0f, 1f, 1000);
        assertArrayEquals(whole, fillOnBackend(Distribution.NORMAL, 5, 1, 0, 0f, 1f, 10, 100), "repeat");
        // a fill that starts at counter 333 is the tail of the fill that starts at 0, whatever the alignment
        float[] tail = fillOnBackend(Distribution.NORMAL, 5, 1, 333, 0f, 1f, 667);
        for (int i = 0; i < tail.length; i++) {
            assertEquals(whole[333 + i], tail[i], 0f, "element " + (333 + i));
        }
        for (int i = 0; i < 50; i++) {
            assertEquals(Philox.normal(5, 1, i), whole[i], 0f, "Philox.normal at " + i);
            assertEquals(Philox.uniform(5, 1, i), fillOnBackend(Distribution.UNIFORM, 5, 1, i, 0f, 1f, 1)[0], 0f);
        }
        assertFalse(java.util.Arrays.equals(whole, fillOnBackend(Distribution.NORMAL, 5, 2, 0, 0f, 1f, 1000)),
                "another stream must give other numbers");
        assertFalse(java.util.Arrays.equals(whole, fillOnBackend(Distribution.NORMAL, 6, 1, 0, 0f, 1f, 1000)),
                "another seed must give other numbers");
    }
}
