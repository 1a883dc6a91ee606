package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.ORDER;

/**
 * Float ↔ int bit casts of whole vectors, through a per-thread native scratch rather than {@code reinterpretAs*}.
 *
 * <p>Why: until C2 compiles a caller, the Vector API runs {@code reinterpretAs*} (and {@code reinterpretShape}) by its
 * Java fallback, which stores the vector into a heap {@code byte[]} segment and loads it back. That loads the JDK's
 * heap-segment classes and puts heap segments into the type profiles of the JDK's shared vector load/store code; every
 * GEMM and convolution kernel compiled after that lost its fast native-memory path in some runs (a "slow mode"
 * measured on JDK 25: the same DFN training step took 12.8 s of CPU instead of 5.5 s, convolution weight gradients
 * 5–10× slower, depending on JIT timing). A round trip through native memory goes through the same path as every
 * other kernel, so no heap segment ever reaches that code; C2 forwards the store to the load.
 * {@code SimdBitCastTest} checks that a model step leaves the heap-segment classes unloaded.
 */
final class BitCast {
    static final VectorSpecies<Integer> I = F.withLanes(int.class);
    private static final long BYTES = (long) F.vectorByteSize();
    /** One vector per thread (allocated once per thread, never freed: 64 bytes). */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.global().allocate(BYTES, 64));

    private BitCast() {
    }

    /** The IEEE bits of each lane. */
    static IntVector bits(FloatVector v) {
        MemorySegment s = SCRATCH.get();
        v.intoMemorySegment(s, 0, ORDER);
        return IntVector.fromMemorySegment(I, s, 0, ORDER);
    }

    /** The floats whose IEEE bits are the lanes. */
    static FloatVector floats(IntVector v) {
        MemorySegment s = SCRATCH.get();
        v.intoMemorySegment(s, 0, ORDER);
        return FloatVector.fromMemorySegment(F, s, 0, ORDER);
    }
}
