package io.nextframe.opencl;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_mem;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import static org.jocl.CL.*;

/**
 * Device buffers by size class (a power of two up to 1 MiB, then whole MiB), reused when released so a training or
 * inference loop stops asking the driver for memory after its first step. Released buffers beyond
 * {@code maxPooledBytes} go back to the driver. Thread-safe.
 */
final class ClBufferPool {
    private static final long MIB = 1 << 20;
    private static final long MIN_BYTES = 256;

    /** A buffer of {@code sizeClass} bytes. */
    record Buffer(cl_mem mem, long sizeClass) {
    }

    private final cl_context context;
    private final cl_command_queue queue;
    private final long maxPooledBytes;
    private final Map<Long, ArrayDeque<Buffer>> free = new HashMap<>();
    private long pooledBytes;
    private long liveBuffers;

    ClBufferPool(cl_context context, cl_command_queue queue, long maxPooledBytes) {
        this.context = context;
        this.queue = queue;
        this.maxPooledBytes = maxPooledBytes;
    }

    /** A buffer of at least {@code bytes}; its contents are undefined. */
    Buffer acquire(long bytes) {
        long cls = sizeClass(Math.max(MIN_BYTES, bytes));
        synchronized (this) {
            ArrayDeque<Buffer> q = free.get(cls);
            Buffer b = q == null ? null : q.pollFirst();
            if (b != null) {
                pooledBytes -= cls;
                return b;
            }
            liveBuffers++;
        }
        return new Buffer(clCreateBuffer(context, CL_MEM_READ_WRITE, cls, null, null), cls);
    }

    /** A buffer whose first {@code bytes} are zero (the fill is queued, not waited for). */
    Buffer acquireZeroed(long bytes) {
        Buffer b = acquire(bytes);
        long n = (Math.max(bytes, 4) + 3) / 4 * 4;
        clEnqueueFillBuffer(queue, b.mem(), Pointer.to(new float[] {0f}), Sizeof.cl_float, 0, n, 0, null, null);
        return b;
    }

    /**
     * Gives a buffer back. Safe right after its last use was enqueued: the queue is in order, so whoever takes it
     * next writes it only after those commands.
     */
    void release(Buffer b) {
        synchronized (this) {
            if (pooledBytes + b.sizeClass() <= maxPooledBytes) {
                free.computeIfAbsent(b.sizeClass(), k -> new ArrayDeque<>()).addFirst(b);
                pooledBytes += b.sizeClass();
                return;
            }
            liveBuffers--;
        }
        clReleaseMemObject(b.mem());
    }

    /** Device buffers that exist (in use or pooled). */
    synchronized long liveBuffers() {
        return liveBuffers;
    }

    static long sizeClass(long bytes) {
        if (bytes <= MIB) {
            return Long.highestOneBit(bytes - 1) << 1;
        }
        return (bytes + MIB - 1) / MIB * MIB;
    }
}
