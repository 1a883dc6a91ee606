package io.nextframe.core.spi;

import java.util.List;

/**
 * Found through {@link java.util.ServiceLoader}: one per backend family. A provider probes its capability
 * (module readable, a micro-kernel runs, an OpenCL device builds a test program) and reports why it is
 * unavailable rather than failing later.
 */
public interface BackendProvider {

    /** "reference", "simd" or "opencl". */
    String name();

    /** Higher wins for {@code auto} among available providers (an OpenCL GPU above simd above reference). */
    int priority();

    /** Checks whether this backend can run here; never throws. */
    Availability probe();

    /**
     * Opens the backend. {@code selector} is what followed the name and a colon ("opencl:1" → "1"), or empty.
     * Throws {@link IllegalStateException} naming the reason if it cannot.
     */
    Kernels open(String selector);

    /** Devices this provider can open, one line each, for {@code nextframe backends}. */
    default List<String> devices() {
        return List.of();
    }

    record Availability(boolean available, String reason, boolean gpu) {
        public static Availability yes(String reason) {
            return new Availability(true, reason, false);
        }

        public static Availability gpu(String reason) {
            return new Availability(true, reason, true);
        }

        public static Availability no(String reason) {
            return new Availability(false, reason, false);
        }
    }
}
