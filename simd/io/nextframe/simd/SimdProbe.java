package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The part of the capability probe that touches the Vector API; {@link SimdProvider} calls it only after checking
 * that the module is readable, and catches any {@link LinkageError}. Runs a tiny kernel of the same shape as the
 * backend's (native segment, loopBound main loop, masked tail, FMA, lanewise EXP) on values whose exact answer is
 * known.
 */
final class SimdProbe {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private SimdProbe() {
    }

    static int lanes() {
        return F.length();
    }

    static int bits() {
        return F.vectorBitSize();
    }

    /** Null when the micro-kernel gives the exact answer, else what went wrong. */
    static String microKernelProblem() {
        int n = 3 * F.length() + 3;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment a = arena.allocate(4L * n, 64), b = arena.allocate(4L * n, 64);
            float expected = 0f;
            for (int i = 0; i < n; i++) {
                a.setAtIndex(ValueLayout.JAVA_FLOAT, i, i % 7);
                b.setAtIndex(ValueLayout.JAVA_FLOAT, i, 1 + i % 3);
                expected += (i % 7) * (1 + i % 3);
            }
            FloatVector acc = FloatVector.zero(F);
            int i = 0;
            for (int bound = F.loopBound(n); i < bound; i += F.length()) {
                acc = FloatVector.fromMemorySegment(F, a, 4L * i, java.nio.ByteOrder.nativeOrder())
                        .fma(FloatVector.fromMemorySegment(F, b, 4L * i, java.nio.ByteOrder.nativeOrder()), acc);
            }
            var m = F.indexInRange(i, n);
            acc = FloatVector.fromMemorySegment(F, a, 4L * i, java.nio.ByteOrder.nativeOrder(), m)
                    .fma(FloatVector.fromMemorySegment(F, b, 4L * i, java.nio.ByteOrder.nativeOrder(), m), acc);
            float got = acc.reduceLanes(VectorOperators.ADD);
            if (got != expected) {
                return "micro-kernel dot product gave " + got + ", expected " + expected;
            }
            float one = FloatVector.zero(F).lanewise(VectorOperators.EXP).reduceLanes(VectorOperators.MIN);
            if (one != 1f) {
                return "micro-kernel exp(0) gave " + one + ", expected 1";
            }
            return null;
        }
    }
}
