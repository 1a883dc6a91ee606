package io.nextframe.opencl;

import org.jocl.CL;
import org.jocl.CLException;

import static org.jocl.CL.CL_MEM_OBJECT_ALLOCATION_FAILURE;
import static org.jocl.CL.CL_OUT_OF_HOST_MEMORY;
import static org.jocl.CL.CL_OUT_OF_RESOURCES;

/**
 * Turns the driver's out-of-memory statuses into errors a user can act on: they name the device, what was being
 * done, the status, and suggest the CPU backend. Drivers allocate lazily, so these statuses come from
 * {@code clCreateBuffer} or from the first command that touches a buffer (a write, a fill, a kernel launch).
 */
final class ClErrors {
    static final String ADVICE = "use smaller batches or a memory budget (-Dnextframe.memory.budget), "
            + "or run on the CPU with --backend simd";

    private ClErrors() {
    }

    static boolean isOutOfMemory(CLException e) {
        int s = e.getStatus();
        return s == CL_MEM_OBJECT_ALLOCATION_FAILURE || s == CL_OUT_OF_RESOURCES || s == CL_OUT_OF_HOST_MEMORY;
    }

    /** The error for an out-of-memory status met while {@code doing}. */
    static IllegalStateException outOfMemory(ClDevice device, String doing, CLException e) {
        return new IllegalStateException("OpenCL device " + device.name() + " (" + device.platformName() + ", "
                + String.format("%.1f GiB", device.globalMemBytes() / (double) (1L << 30)) + ") ran out of memory "
                + doing + " (" + CL.stringFor_errorCode(e.getStatus()) + "); " + ADVICE, e);
    }

    /** A request larger than the device allows for one buffer, refused before the driver is asked. */
    static IllegalStateException tooLarge(ClDevice device, long bytes, long maxAlloc) {
        return new IllegalStateException("OpenCL device " + device.name() + " (" + device.platformName()
                + ") cannot hold one buffer of " + bytes + " bytes: its largest allocation "
                + "(CL_DEVICE_MAX_MEM_ALLOC_SIZE) is " + maxAlloc + " bytes; " + ADVICE);
    }
}
