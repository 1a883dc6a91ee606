package io.nextframe.opencl;

import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_program;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.jocl.CL.*;

/**
 * Builds each kernel family (resource kernels/&lt;family&gt;.cl, prefixed with kernels/common.cl) once per context and
 * caches the program and its kernel objects. A failed build throws an {@link IllegalStateException} with the
 * program name and the compiler log.
 */
final class ClPrograms {
    private final ClContext ctx;
    private final Map<String, cl_program> programs = new ConcurrentHashMap<>();
    private final Map<String, cl_kernel> kernels = new ConcurrentHashMap<>();
    private final Map<cl_kernel, Long> maxGroup = new ConcurrentHashMap<>();

    ClPrograms(ClContext ctx) {
        this.ctx = ctx;
    }

    cl_kernel kernel(String family, String name) {
        String key = family + "/" + name;
        cl_kernel k = kernels.get(key);
        if (k != null) {
            return k;
        }
        synchronized (this) {
            return kernels.computeIfAbsent(key, x -> {
                try {
                    return clCreateKernel(program(family), name, null);
                } catch (CLException e) {
                    throw new IllegalStateException("OpenCL kernel " + name + " not found in program kernels/"
                            + family + ".cl: " + e.getMessage(), e);
                }
            });
        }
    }

    /** CL_KERNEL_WORK_GROUP_SIZE: the largest work-group this kernel can run with on the device. */
    long maxWorkGroupSize(cl_kernel k) {
        return maxGroup.computeIfAbsent(k, x -> {
            long[] v = new long[1];
            clGetKernelWorkGroupInfo(x, ctx.device().id(), CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(v),
                    null);
            return v[0];
        });
    }

    /** The built program of a family (built on first use). */
    synchronized cl_program program(String family) {
        cl_program p = programs.get(family);
        if (p == null) {
            p = build(family, source("common") + "\n" + source(family));
            programs.put(family, p);
        }
        return p;
    }

    /** Builds a source; on failure throws with the log. Also used by the provider's probe. */
    cl_program build(String name, String source) {
        cl_program p = clCreateProgramWithSource(ctx.context(), 1, new String[] {source}, null, null);
        String options = ctx.device().fp64() ? "-DNF_FP64=1" : "";
        try {
            clBuildProgram(p, 1, new cl_device_id[] {ctx.device().id()}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            clReleaseProgram(p);
            throw new IllegalStateException("OpenCL program kernels/" + name + ".cl failed to build on "
                    + ctx.device().name() + " (" + ctx.device().platformName() + ", " + e.getMessage() + "); the "
                    + "device's compiler rejects it, so run on the CPU with --backend simd. Build log:\n" + log, e);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        try {
            long[] size = new long[1];
            clGetProgramBuildInfo(p, ctx.device().id(), CL_PROGRAM_BUILD_LOG, 0, null, size);
            byte[] b = new byte[(int) size[0]];
            clGetProgramBuildInfo(p, ctx.device().id(), CL_PROGRAM_BUILD_LOG, b.length, Pointer.to(b), null);
            return new String(b, StandardCharsets.UTF_8).trim();
        } catch (CLException e) {
            return "(no build log: " + e.getMessage() + ")";
        }
    }

    static String source(String family) {
        String path = "kernels/" + family + ".cl";
        try (InputStream in = ClPrograms.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("OpenCL kernel source io/nextframe/opencl/" + path
                        + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading OpenCL kernel source " + path, e);
        }
    }
}
