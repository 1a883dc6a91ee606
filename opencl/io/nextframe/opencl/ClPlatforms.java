package io.nextframe.opencl;

import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;

import static org.jocl.CL.*;

/**
 * Enumerates OpenCL platforms and devices through JOCL. Every failure mode of a machine without OpenCL becomes an
 * {@link Unavailable} exception naming the reason: no libOpenCL (JOCL's native library cannot link), no ICD
 * (CL_PLATFORM_NOT_FOUND_KHR), or no device on any platform.
 */
final class ClPlatforms {
    private static final Logger LOG = Logger.getLogger(ClPlatforms.class.getName());
    private static volatile List<ClDevice> cached;

    private ClPlatforms() {
    }

    /** Thrown when OpenCL cannot be used here; the message is the reason shown to users. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** All devices of all platforms, enumerated once per JVM. */
    static List<ClDevice> devices() {
        List<ClDevice> d = cached;
        if (d == null) {
            synchronized (ClPlatforms.class) {
                if (cached == null) {
                    cached = enumerate();
                }
                d = cached;
            }
        }
        return d;
    }

    private static List<ClDevice> enumerate() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            try {
                clGetPlatformIDs(0, null, count);
            } catch (CLException e) {
                if (e.getStatus() == CL_PLATFORM_NOT_FOUND_KHR) {
                    throw new Unavailable("no OpenCL platform (CL_PLATFORM_NOT_FOUND_KHR: no ICD installed, e.g. "
                            + "Debian pocl-opencl-icd or a GPU driver)", e);
                }
                throw new Unavailable("clGetPlatformIDs failed: " + e.getMessage(), e);
            }
            if (count[0] == 0) {
                throw new Unavailable("no OpenCL platform (the ICD loader found none)", null);
            }
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            List<ClDevice> out = new ArrayList<>();
            for (cl_platform_id p : platforms) {
                String pname = platformString(p, CL_PLATFORM_NAME);
                warnAboutPoclSignals(pname);
                int[] n = new int[1];
                try {
                    clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
                } catch (CLException e) {
                    continue; // CL_DEVICE_NOT_FOUND: a platform without devices
                }
                cl_device_id[] ids = new cl_device_id[n[0]];
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ids.length, ids, null);
                for (cl_device_id id : ids) {
                    out.add(describe(out.size(), p, pname, id));
                }
            }
            if (out.isEmpty()) {
                throw new Unavailable("no OpenCL device on " + platforms.length + " platform(s)", null);
            }
            return List.copyOf(out);
        } catch (LinkageError e) {
            throw new Unavailable("OpenCL library not loadable (" + e.getClass().getSimpleName() + ": "
                    + e.getMessage() + "); install an OpenCL ICD loader (libOpenCL.so.1)", e);
        }
    }

    /**
     * PoCL installs a SIGFPE handler for the whole process unless POCL_SIGFPE_HANDLER=0; Java's integer division
     * by zero then returns garbage instead of throwing. The variable must be set before the JVM starts (the
     * launcher and the test configuration do), so all we can do here is say so.
     */
    private static void warnAboutPoclSignals(String platformName) {
        if (platformName.contains("Portable Computing Language")
                && !"0".equals(System.getenv("POCL_SIGFPE_HANDLER"))) {
            LOG.warning("PoCL is loaded without POCL_SIGFPE_HANDLER=0: Java integer division by zero may silently "
                    + "return garbage in this JVM; set POCL_SIGFPE_HANDLER=0 in the environment");
        }
    }

    private static ClDevice describe(int index, cl_platform_id p, String pname, cl_device_id id) {
        long type = deviceLong(id, CL_DEVICE_TYPE);
        boolean gpu = (type & CL_DEVICE_TYPE_GPU) != 0;
        String typeName = gpu ? "GPU" : (type & CL_DEVICE_TYPE_CPU) != 0 ? "CPU"
                : (type & CL_DEVICE_TYPE_ACCELERATOR) != 0 ? "accelerator" : "other";
        String ext = deviceString(id, CL_DEVICE_EXTENSIONS);
        return new ClDevice(index, p, id, deviceString(id, CL_DEVICE_NAME).trim(), pname.trim(), gpu, typeName,
                (int) deviceInt(id, CL_DEVICE_MAX_COMPUTE_UNITS), deviceLong(id, CL_DEVICE_GLOBAL_MEM_SIZE),
                deviceString(id, CL_DEVICE_VERSION).trim(), ext.contains("cl_khr_fp64"),
                deviceSize(id, CL_DEVICE_MAX_WORK_GROUP_SIZE));
    }

    /**
     * The device a selector names: empty → the first GPU, else the first device; digits → that index;
     * anything else → the first device whose name or platform contains it (case-insensitive).
     */
    static ClDevice select(String selector) {
        List<ClDevice> all = devices();
        String s = selector == null ? "" : selector.trim();
        if (s.isEmpty()) {
            return all.stream().filter(ClDevice::gpu).findFirst().orElse(all.get(0));
        }
        if (s.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(s);
            if (i >= all.size()) {
                throw new IllegalStateException("opencl:" + s + ": device index out of range; devices are "
                        + all.stream().map(ClDevice::describe).toList());
            }
            return all.get(i);
        }
        String f = s.toLowerCase(Locale.ROOT);
        return all.stream()
                .filter(d -> d.name().toLowerCase(Locale.ROOT).contains(f)
                        || d.platformName().toLowerCase(Locale.ROOT).contains(f))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("opencl:" + s + ": no device matches; devices are "
                        + all.stream().map(ClDevice::describe).toList()));
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, b.length, Pointer.to(b), null);
        return cString(b);
    }

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] b = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, b.length, Pointer.to(b), null);
        return cString(b);
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0] & 0xFFFFFFFFL;
    }

    private static long deviceSize(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] b) {
        int n = 0;
        while (n < b.length && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.UTF_8);
    }
}
