package io.nextframe.opencl;

import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_context_properties;
import org.jocl.cl_device_id;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.jocl.CL.*;

/**
 * The per-device OpenCL state shared by every backend instance of this JVM: one context, one in-order queue,
 * the program cache and the buffer pool. Kept for the life of the JVM so that programs are built once (PoCL's
 * builds take seconds on a small CPU) and so that buffers released by one backend instance can be reused.
 *
 * <p>Ordering: everything goes through the one in-order queue, so a scratch buffer returned to the pool right after
 * its last kernel was enqueued can be handed to the next op at once — that op's commands run after the old ones.
 */
final class ClContext {
    private static final Map<Integer, ClContext> BY_DEVICE = new ConcurrentHashMap<>();

    private final ClDevice device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final ClPrograms programs;
    private final ClBufferPool pool;

    @SuppressWarnings("deprecation") // clCreateCommandQueue: the OpenCL 1.2 call; its 2.0 successor is absent on 1.2
    private ClContext(ClDevice device) {
        this.device = device;
        cl_context_properties props = new cl_context_properties();
        props.addProperty(CL_CONTEXT_PLATFORM, device.platform());
        this.context = clCreateContext(props, 1, new cl_device_id[] {device.id()}, null, null, null);
        this.queue = clCreateCommandQueue(context, device.id(), 0, null);
        this.programs = new ClPrograms(this);
        // keep at most a quarter of the device memory (≤ 2 GiB) in the pool; the rest goes back to the driver
        this.pool = new ClBufferPool(context, queue, Math.min(device.globalMemBytes() / 4, 2L << 30),
                device);
    }

    /** The shared context of {@code device}, created on first use. */
    static ClContext of(ClDevice device) {
        return BY_DEVICE.computeIfAbsent(device.index(), i -> new ClContext(device));
    }

    ClDevice device() {
        return device;
    }

    cl_context context() {
        return context;
    }

    cl_command_queue queue() {
        return queue;
    }

    ClPrograms programs() {
        return programs;
    }

    ClBufferPool pool() {
        return pool;
    }

    /** A launch of kernel {@code kernel} from program {@code family} (kernels/&lt;family&gt;.cl). */
    ClLaunch launch(String family, String kernel) {
        return new ClLaunch(this, programs.kernel(family, kernel), family + "/" + kernel);
    }

    void finish() {
        clFinish(queue);
    }
}
