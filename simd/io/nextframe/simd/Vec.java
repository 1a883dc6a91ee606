package io.nextframe.simd;

import io.nextframe.core.Tensor;
import io.nextframe.core.cpu.CpuStorage;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The one float species of the backend and element-indexed scalar access to native float memory. Hot loops call
 * {@code FloatVector.fromMemorySegment} / {@code intoMemorySegment} (byte offset {@code index << 2}, {@link #ORDER})
 * directly, without a wrapper of ours: the JDK's methods are force-inlined, ours are not, and a wrapper left
 * out-of-line once a large loop body reached C2's node-count cutoff made every vector it received a heap object. The species is a
 * {@code static final} constant (a species passed around as a value made the same loops ~20× slower); every index
 * here counts floats, not bytes. Kernels that split work into {@link #BLOCK}-sized pieces get the same vector/tail
 * boundaries for any thread count, so transcendental lanes are computed identically in every run.
 */
final class Vec {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();
    /** Work unit of the elementwise kernels, a multiple of any species length. */
    static final int BLOCK = 8192;
    static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT;

    private Vec() {
    }

    static MemorySegment seg(Tensor t) {
        return ((CpuStorage) t.storage()).segment();
    }

    static float get(MemorySegment s, long i) {
        return s.getAtIndex(FLOAT, i);
    }

    static void set(MemorySegment s, long i, float v) {
        s.setAtIndex(FLOAT, i, v);
    }

    /** Σ of the lanes in one fixed order, the same bits in every JIT tier (see {@link LaneSum}). */
    static float sum(FloatVector v) {
        return LaneSum.sum(v);
    }

    /** Per-thread scratch of 16·L floats for tails (allocated once per thread, never freed: a few hundred bytes). */
    private static final ThreadLocal<MemorySegment> SCRATCH =
            ThreadLocal.withInitial(() -> Arena.global().allocate(16L * L, 64));

    static MemorySegment scratch() {
        return SCRATCH.get();
    }

    /** scratch[at, at+L) = src[p, p+n) followed by zeros (n < L). */
    static void toScratch(MemorySegment src, long p, int n, MemorySegment scratch, long at) {
        MemorySegment.copy(src, p << 2, scratch, at << 2, (long) n << 2);
        scratch.asSlice((at + n) << 2, (long) (L - n) << 2).fill((byte) 0);
    }

    /** dst[p, p+n) = scratch[at, at+n). */
    static void fromScratch(MemorySegment scratch, long at, MemorySegment dst, long p, int n) {
        MemorySegment.copy(scratch, at << 2, dst, p << 2, (long) n << 2);
    }

    /** Mask of the lanes i … min(i+L, n)−1 for a tail. */
    static VectorMask<Float> tail(int i, int n) {
        return F.indexInRange(i, n);
    }

    /** Number of {@link #BLOCK}s covering n elements. */
    static int blocks(long n) {
        return (int) ((n + BLOCK - 1) / BLOCK);
    }
}
