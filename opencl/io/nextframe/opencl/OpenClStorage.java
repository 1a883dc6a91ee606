package io.nextframe.opencl;

import io.nextframe.core.DType;
import io.nextframe.core.Storage;
import org.jocl.cl_mem;

/** Float32 device memory: a pooled {@code cl_mem}; tensors address it by element offset, as views share it. */
public final class OpenClStorage extends Storage {
    private final ClBufferPool pool;
    private final ClBufferPool.Buffer buffer;

    OpenClStorage(DType dtype, long elements, ClBufferPool pool, ClBufferPool.Buffer buffer) {
        super(dtype, elements);
        this.pool = pool;
        this.buffer = buffer;
    }

    /** The device buffer; element i lies at byte 4·i. */
    cl_mem mem() {
        if (isReleased()) {
            throw new IllegalStateException("OpenCL storage was released");
        }
        return buffer.mem();
    }

    @Override
    protected void free() {
        pool.release(buffer);
    }
}
