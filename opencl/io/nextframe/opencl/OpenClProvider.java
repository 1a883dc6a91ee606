package io.nextframe.opencl;

import io.nextframe.core.spi.BackendProvider;
import io.nextframe.core.spi.Kernels;
import org.jocl.cl_program;

import java.util.List;

import static org.jocl.CL.clReleaseProgram;

/**
 * The "opencl" backend family. Available when JOCL links, a platform and a device exist, and a test program builds
 * on the default device; reported as a GPU backend (so {@code auto} takes it) when a GPU device exists.
 * Selectors: "" (the first GPU, else the first device), a device index, or a fragment of a device or platform name.
 */
public final class OpenClProvider implements BackendProvider {
    private static final String PROBE_SOURCE =
            "__kernel void probe(__global float* x) { x[get_global_id(0)] += 1.0f; }";
    private static volatile Availability probed;

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Availability probe() {
        Availability a = probed;
        if (a == null) {
            synchronized (OpenClProvider.class) {
                if (probed == null) {
                    probed = doProbe();
                }
                a = probed;
            }
        }
        return a;
    }

    private static Availability doProbe() {
        try {
            List<ClDevice> devices = ClPlatforms.devices();
            ClDevice d = ClPlatforms.select("");
            ClContext ctx = ClContext.of(d);
            cl_program p = ctx.programs().build("probe", PROBE_SOURCE);
            clReleaseProgram(p);
            String reason = d.name() + " (" + d.type() + ", " + devices.size() + " device(s))";
            return d.gpu() ? Availability.gpu(reason) : Availability.yes(reason);
        } catch (ClPlatforms.Unavailable e) {
            return Availability.no(e.getMessage());
        } catch (LinkageError e) {
            return Availability.no("OpenCL library not loadable: " + e);
        } catch (RuntimeException e) {
            return Availability.no("OpenCL test program failed: " + e.getMessage());
        }
    }

    @Override
    public Kernels open(String selector) {
        Availability a = probe();
        if (!a.available()) {
            throw new IllegalStateException("opencl backend is not available: " + a.reason());
        }
        return new OpenClKernels(ClContext.of(ClPlatforms.select(selector)));
    }

    @Override
    public List<String> devices() {
        try {
            return ClPlatforms.devices().stream().map(ClDevice::describe).toList();
        } catch (ClPlatforms.Unavailable | LinkageError e) {
            return List.of();
        }
    }
}
