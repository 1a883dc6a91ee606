package io.nextframe.opencl;

import org.jocl.CLException;
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
    private final ClDevice device;
    /** CL_DEVICE_MAX_MEM_ALLOC_SIZE: larger requests are refused before the driver is asked. */
    private final long maxAllocBytes;
    private final Map<Long, ArrayDeque<Buffer>> free = new HashMap<>();
    private long pooledBytes;
    private long liveBuffers;
    private long liveBufferBytes;

    ClBufferPool(cl_context context, cl_command_queue queue, long maxPooledBytes, ClDevice device) {
        this.context = context;
        this.queue = queue;
        this.maxPooledBytes = maxPooledBytes;
        this.device = device;
        long[] max = new long[1];
        clGetDeviceInfo(device.id(), CL_DEVICE_MAX_MEM_ALLOC_SIZE, Sizeof.cl_ulong, Pointer.to(max), null);
        this.maxAllocBytes = max[0] > 0 ? max[0] : Long.MAX_VALUE;
    }

    /**
     * A buffer of at least {@code bytes}; its contents are undefined. A request over the device's largest allocation
     * is refused up front; a driver out-of-memory status frees the pooled buffers and tries once more, then fails
     * with an error naming the device ({@link ClErrors}).
     */
    Buffer acquire(long bytes) {
        long cls = sizeClass(Math.max(MIN_BYTES, bytes));
        if (cls > maxAllocBytes) {
            throw ClErrors.tooLarge(device, bytes, maxAllocBytes);
        }
        synchronized (this) {
            ArrayDeque<Buffer> q = free.get(cls);
            Buffer b = q == null ? null : q.pollFirst();
            if (b != null) {
                pooledBytes -= cls;
                return b;
            }
            liveBuffers++;
            liveBufferBytes += cls;
        }
        try {
            return new Buffer(create(cls), cls);
        } catch (RuntimeException e) {
            synchronized (this) {
                liveBuffers--;
                liveBufferBytes -= cls;
            }
            throw e;
        }
    }

    private cl_mem create(long cls) {
        try {
            return clCreateBuffer(context, CL_MEM_READ_WRITE, cls, null, null);
        } catch (CLException e) {
            if (!ClErrors.isOutOfMemory(e)) {
                throw e;
            }
            trim();
            try {
                return clCreateBuffer(context, CL_MEM_READ_WRITE, cls, null, null);
            } catch (CLException again) {
                throw ClErrors.isOutOfMemory(again)
                        ? ClErrors.outOfMemory(device, "allocating a buffer of " + cls + " bytes", again) : again;
            }
        }
    }

    /** Gives every pooled buffer back to the driver. */
    void trim() {
        java.util.List<Buffer> drop = new java.util.ArrayList<>();
        synchronized (this) {
            free.values().forEach(drop::addAll);
            free.clear();
            pooledBytes = 0;
            liveBuffers -= drop.size();
            for (Buffer b : drop) {
                liveBufferBytes -= b.sizeClass();
            }
        }
        for (Buffer b : drop) {
            clReleaseMemObject(b.mem());
        }
    }

    /** A buffer whose first {@code bytes} are zero (the fill is queued, not waited for). */
    Buffer acquireZeroed(long bytes) {
        Buffer b = acquire(bytes);
        long n = (Math.max(bytes, 4) + 3) / 4 * 4;
        try {
            clEnqueueFillBuffer(queue, b.mem(), Pointer.to(new float[] {0f}), Sizeof.cl_float, 0, n, 0, null, null);
        } catch (CLException e) {
            release(b);
            throw ClErrors.isOutOfMemory(e) ? ClErrors.outOfMemory(device, "zero-filling a new buffer of " + bytes
                    + " bytes", e) : e;
        }
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
            liveBufferBytes -= b.sizeClass();
        }
        clReleaseMemObject(b.mem());
    }

    /** {@code cl_mem_objects}/{@code cl_mem_bytes}: device buffers that exist (in use or pooled); the pooled bytes. */
    synchronized Map<String, Long> counters() {
        return Map.of("cl_mem_objects", liveBuffers, "cl_mem_bytes", liveBufferBytes, "pooled_bytes", pooledBytes);
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
