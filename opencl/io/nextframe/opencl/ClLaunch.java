package io.nextframe.opencl;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

import java.util.ArrayList;
import java.util.List;

import static org.jocl.CL.*;

/**
 * One kernel launch: arguments in order, then {@link #run} with a global size (rounded up to the local size;
 * kernels guard their indices) and a fixed local size. Setting arguments and enqueueing happen under the
 * context's lock, since a {@code cl_kernel} holds its arguments and is shared by all threads.
 */
final class ClLaunch {
    private final ClContext ctx;
    private final cl_kernel kernel;
    private final String name;
    private final List<Long> sizes = new ArrayList<>();
    private final List<Pointer> values = new ArrayList<>();

    ClLaunch(ClContext ctx, cl_kernel kernel, String name) {
        this.ctx = ctx;
        this.kernel = kernel;
        this.name = name;
    }

    ClLaunch mem(cl_mem m) {
        sizes.add((long) Sizeof.cl_mem);
        values.add(Pointer.to(m));
        return this;
    }

    ClLaunch i(long v) {
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(name + ": value " + v + " does not fit the kernel's 32-bit index "
                    + "arithmetic (tensor too large for the OpenCL backend)");
        }
        sizes.add((long) Sizeof.cl_int);
        values.add(Pointer.to(new int[] {(int) v}));
        return this;
    }

    ClLaunch f(float v) {
        sizes.add((long) Sizeof.cl_float);
        values.add(Pointer.to(new float[] {v}));
        return this;
    }

    /** An int4 argument (x, y, z, w). */
    ClLaunch i4(int... v) {
        int[] a = new int[4];
        System.arraycopy(v, 0, a, 0, Math.min(4, v.length));
        sizes.add((long) Sizeof.cl_int4);
        values.add(Pointer.to(a));
        return this;
    }

    /** An int8 argument (shapes and strides of up to 8 axes). */
    ClLaunch i8(int[] v) {
        int[] a = new int[8];
        System.arraycopy(v, 0, a, 0, Math.min(8, v.length));
        sizes.add((long) Sizeof.cl_int8);
        values.add(Pointer.to(a));
        return this;
    }

    void run1(long n, int local) {
        run(new long[] {n}, new long[] {local});
    }

    void run(long[] global, long[] local) {
        local = clamp(local);
        long[] g = new long[global.length];
        for (int d = 0; d < g.length; d++) {
            if (global[d] <= 0) {
                return; // nothing to do
            }
            g[d] = (global[d] + local[d] - 1) / local[d] * local[d];
        }
        synchronized (ctx) {
            for (int a = 0; a < sizes.size(); a++) {
                clSetKernelArg(kernel, a, sizes.get(a), values.get(a));
            }
            try {
                clEnqueueNDRangeKernel(ctx.queue(), kernel, g.length, null, g, local, 0, null, null);
            } catch (org.jocl.CLException e) {
                // drivers allocate buffers lazily: a launch is where device memory usually runs out
                throw ClErrors.isOutOfMemory(e) ? ClErrors.outOfMemory(ctx.device(), "launching kernel " + name, e) : e;
            }
        }
    }

    /**
     * Halves the local size (first axis first) until the kernel can run it on this device. Kernels guard their
     * indices and never depend on the group size for their results, except those declaring a required group size,
     * whose callers check {@link ClPrograms#maxWorkGroupSize} before choosing them.
     */
    private long[] clamp(long[] local) {
        long max = ctx.programs().maxWorkGroupSize(kernel);
        long size = 1;
        for (long l : local) {
            size *= l;
        }
        if (size <= max) {
            return local;
        }
        long[] l = local.clone();
        while (size > max) {
            int d = 0;
            while (d < l.length - 1 && l[d] == 1) {
                d++;
            }
            if (l[d] == 1) {
                break;
            }
            l[d] /= 2;
            size /= 2;
        }
        return l;
    }
}
