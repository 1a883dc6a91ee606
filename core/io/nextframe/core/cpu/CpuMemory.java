package io.nextframe.core.cpu;

import io.nextframe.core.DType;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Allocator of native memory for the CPU backends. Blocks are rounded up to a size class (a power of two up to
 * 1 MiB, then whole MiB) and kept in a pool when released, so a training loop that makes the same temporaries
 * every step stops calling the operating system after the first. Released memory beyond {@link #maxPooledBytes}
 * goes back to the system. Every block is 64-byte aligned and zero-filled when handed out.
 */
public final class CpuMemory {
    private static final long ALIGN = 64;
    private static final long MIB = 1 << 20;

    record Block(Arena arena, MemorySegment segment, long sizeClass) {
    }

    private final Map<Long, ArrayDeque<Block>> pool = new HashMap<>();
    private final long maxPooledBytes;
    private long pooledBytes;
    /** Native segments taken from the system and not yet given back (handed out or pooled), and their bytes. */
    private long segments;
    private long segmentBytes;

    public CpuMemory(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
    }

    /** A zero-filled storage of {@code elements} values. */
    public CpuStorage allocate(DType dtype, long elements) {
        long bytes = Math.max(ALIGN, elements * dtype.byteSize());
        long cls = sizeClass(bytes);
        Block b;
        synchronized (this) {
            ArrayDeque<Block> q = pool.get(cls);
            b = q == null ? null : q.pollFirst();
            if (b != null) {
                pooledBytes -= cls;
            }
        }
        if (b == null) {
            Arena arena = Arena.ofShared();
            b = new Block(arena, arena.allocate(cls, ALIGN), cls);
            synchronized (this) {
                segments++;
                segmentBytes += cls;
            }
        } else {
            b.segment().asSlice(0, bytes).fill((byte) 0);
        }
        return new CpuStorage(dtype, elements, this, b);
    }

    void give(Block b) {
        synchronized (this) {
            if (pooledBytes + b.sizeClass() <= maxPooledBytes) {
                pool.computeIfAbsent(b.sizeClass(), k -> new ArrayDeque<>()).addFirst(b);
                pooledBytes += b.sizeClass();
                return;
            }
            segments--;
            segmentBytes -= b.sizeClass();
        }
        b.arena().close();
    }

    /** Frees every pooled block. */
    public synchronized void trim() {
        for (ArrayDeque<Block> q : pool.values()) {
            for (Block b : q) {
                b.arena().close();
                segments--;
                segmentBytes -= b.sizeClass();
            }
        }
        pool.clear();
        pooledBytes = 0;
    }

    /**
     * {@code native_segments} and {@code native_bytes}: memory taken from the system and not given back (in use or
     * pooled); {@code pooled_bytes}: the pooled part. Flat over a steady loop; a leak shows as growth.
     */
    public synchronized java.util.Map<String, Long> counters() {
        return java.util.Map.of("native_segments", segments, "native_bytes", segmentBytes,
                "pooled_bytes", pooledBytes);
    }

    public synchronized long pooledBytes() {
        return pooledBytes;
    }

    static long sizeClass(long bytes) {
        if (bytes <= MIB) {
            return Long.highestOneBit(bytes - 1) << 1;
        }
        return (bytes + MIB - 1) / MIB * MIB;
    }
}
