package io.nextframe.core.cpu;

import io.nextframe.core.DType;
import io.nextframe.core.Storage;

import java.lang.foreign.MemorySegment;

/** Native, 64-byte-aligned memory of the CPU backends, taken from and returned to a {@link CpuMemory} pool. */
public final class CpuStorage extends Storage {
    private final MemorySegment segment;
    private final CpuMemory memory;
    private final CpuMemory.Block block;

    CpuStorage(DType dtype, long elements, CpuMemory memory, CpuMemory.Block block) {
        super(dtype, elements);
        this.memory = memory;
        this.block = block;
        this.segment = block.segment().asSlice(0, elements * dtype.byteSize());
    }

    /** The whole storage; element i of an F32 tensor is at byte offset 4·i. */
    public MemorySegment segment() {
        if (isReleased()) {
            throw new IllegalStateException("storage was released");
        }
        return segment;
    }

    @Override
    protected void free() {
        memory.give(block);
    }
}
