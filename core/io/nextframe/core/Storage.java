package io.nextframe.core;

/**
 * Memory owned by one backend: a native segment on the CPU backends, a {@code cl_mem} on OpenCL.
 * Tensors are views onto a storage; the storage is released once, by the tensor that owns it.
 */
public abstract class Storage {
    private final DType dtype;
    private final long elements;
    private volatile boolean released;

    protected Storage(DType dtype, long elements) {
        this.dtype = dtype;
        this.elements = elements;
    }

    public final DType dtype() {
        return dtype;
    }

    public final long elements() {
        return elements;
    }

    public final long byteSize() {
        return elements * dtype.byteSize();
    }

    public final boolean isReleased() {
        return released;
    }

    /** Frees the memory; later calls do nothing. */
    public final void release() {
        if (!released) {
            released = true;
            free();
        }
    }

    /** Returns the memory to the backend (or its pool). Called at most once. */
    protected abstract void free();
}
