package io.nextframe.opencl;

import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * One OpenCL device as found on this machine: its handles and the facts the backend prints and tunes by.
 * {@code index} counts devices over all platforms in enumeration order; it is what "opencl:&lt;index&gt;" selects.
 */
record ClDevice(int index, cl_platform_id platform, cl_device_id id, String name, String platformName, boolean gpu,
                String type, int computeUnits, long globalMemBytes, String version, boolean fp64,
                long maxWorkGroupSize) {

    /** One line for {@code nextframe backends}. */
    String describe() {
        return index + ": " + name + " (" + type + ", " + computeUnits + " compute units, "
                + String.format("%.1f GiB", globalMemBytes / (double) (1L << 30)) + ", " + version
                + (fp64 ? ", fp64" : "") + ") on " + platformName;
    }
}
