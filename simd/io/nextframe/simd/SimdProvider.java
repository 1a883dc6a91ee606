package io.nextframe.simd;

import io.nextframe.core.spi.BackendProvider;
import io.nextframe.core.spi.Kernels;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.logging.Logger;

/**
 * The {@code simd} backend's provider. Probes capability the way Lucene does, never by CPU model: the
 * {@code jdk.incubator.vector} module is in the boot layer and readable, the JIT has C2 (without it vector code runs
 * interpreted, far slower than scalar), the preferred float species has at least 4 lanes, and a micro-kernel gives the
 * exact answer. Any failure — including a {@link LinkageError} from a missing module — makes it unavailable with the
 * reason; the probe never throws. {@code simd:N} opens it with N threads.
 */
public final class SimdProvider implements BackendProvider {
    private static final Logger LOG = Logger.getLogger(SimdProvider.class.getName());
    private static final int MIN_LANES = 4;

    /** The probe runs once per JVM; its result cannot change. */
    private static final class Probe {
        static final Availability RESULT = run();
    }

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability probe() {
        return Probe.RESULT;
    }

    static Availability run() {
        try {
            var module = ModuleLayer.boot().findModule("jdk.incubator.vector");
            if (module.isEmpty()) {
                return Availability.no("module jdk.incubator.vector is not loaded; start the JVM with "
                        + "--add-modules jdk.incubator.vector");
            }
            if (!SimdProvider.class.getModule().canRead(module.get())) {
                return Availability.no("module jdk.incubator.vector is not readable from "
                        + SimdProvider.class.getModule());
            }
            String compiler = compilerProblem();
            if (compiler != null) {
                return Availability.no(compiler);
            }
            int lanes = SimdProbe.lanes();
            if (lanes < MIN_LANES) {
                return Availability.no("the preferred float vector has " + lanes + " lanes (" + SimdProbe.bits()
                        + "-bit), fewer than " + MIN_LANES + ": no SIMD hardware the Vector API can use");
            }
            String kernel = SimdProbe.microKernelProblem();
            if (kernel != null) {
                return Availability.no(kernel);
            }
            String reason = "Vector API " + SimdProbe.bits() + "-bit float vectors (" + lanes + " lanes), C2, "
                    + WorkerPool.defaultThreads() + " threads";
            LOG.fine(() -> "simd available: " + reason);
            return Availability.yes(reason);
        } catch (Throwable t) {
            return Availability.no("Vector API probe failed: " + t);
        }
    }

    /** Null when C2 compiles here; else why not (interpreter only, or tiered compilation stopped before C2). */
    static String compilerProblem() {
        String info = System.getProperty("java.vm.info", "");
        if (info.contains("interpreted mode")) {
            return "the JVM runs interpreted (-Xint): vector code needs the C2 compiler";
        }
        try {
            for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
                if (arg.equals("-Xint")) {
                    return "the JVM runs interpreted (-Xint): vector code needs the C2 compiler";
                }
                if (arg.startsWith("-XX:TieredStopAtLevel=")) {
                    String level = arg.substring(arg.indexOf('=') + 1).trim();
                    if (!level.isEmpty() && Integer.parseInt(level) < 4) {
                        return "C2 is disabled (" + arg + "): vector code would not be compiled to SIMD";
                    }
                }
            }
        } catch (LinkageError | RuntimeException e) {
            // java.management is absent from this runtime image: the flags cannot be read; the micro-kernel still runs
            LOG.fine(() -> "simd probe cannot read JVM flags: " + e);
        }
        return null;
    }

    @Override
    public Kernels open(String selector) {
        Availability a = probe();
        if (!a.available()) {
            throw new IllegalStateException("simd backend is not available: " + a.reason());
        }
        if (selector == null || selector.isBlank()) {
            return new SimdKernels();
        }
        try {
            int threads = Integer.parseInt(selector.trim());
            if (threads >= 1) {
                return new SimdKernels(threads);
            }
        } catch (NumberFormatException e) {
            // fall through to the error below
        }
        throw new IllegalStateException("simd backend: selector '" + selector
                + "' is not a thread count ≥ 1 (use simd or simd:<threads>)");
    }

    @Override
    public List<String> devices() {
        Availability a = probe();
        return a.available() ? List.of("cpu: " + a.reason()) : List.of();
    }
}
