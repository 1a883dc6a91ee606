package io.nextframe.simd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A per-thread, reusable, 64-byte-aligned native float buffer. Kernels take their packing and lowering buffers from
 * here so a steady-state call allocates nothing: the buffer grows (by at least half) only when a bigger problem
 * arrives, and the old one is freed by the GC through its automatic arena.
 *
 * <p>Native rather than heap memory on purpose: Vector API loads from heap-backed segments run at about half speed,
 * and mixing both kinds of segment in one hot loop slows the native path too (notes/toolchain.md).
 * The segment is shared-access, so a buffer taken by one thread may be filled by pool workers in parallel
 * (each writing its own part) while its owner waits.
 */
final class ThreadScratch {
    private static final long ALIGN = 64;

    private static final class Holder {
        MemorySegment segment = MemorySegment.NULL;
    }

    private final ThreadLocal<Holder> local = ThreadLocal.withInitial(Holder::new);

    /** This thread's buffer, at least {@code floats} long; its contents are whatever the last user left. */
    MemorySegment floats(long floats) {
        Holder h = local.get();
        long bytes = Math.max(ALIGN, floats * Float.BYTES);
        if (h.segment.byteSize() < bytes) {
            long grown = Math.max(bytes, h.segment.byteSize() + h.segment.byteSize() / 2);
            grown = (grown + ALIGN - 1) / ALIGN * ALIGN;
            h.segment = Arena.ofAuto().allocate(grown, ALIGN);
        }
        return h.segment;
    }
}
