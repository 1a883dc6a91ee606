package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.spi.BackendProvider;
import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/** Backends for tests that run on each one: an unavailable backend skips with its reason, or fails for OpenCL
 * under NEXTFRAME_REQUIRE_OPENCL=1 (as CI sets it). */
public final class TestBackends {
    private TestBackends() {
    }

    /** The shared instance of {@code name}, or an aborted test saying why it cannot run here. */
    public static Backend sharedOrSkip(String name) {
        for (BackendProvider p : Backends.providers()) {
            if (p.name().equals(name)) {
                BackendProvider.Availability a = p.probe();
                if (!a.available()) {
                    String msg = "backend " + name + " unavailable: " + a.reason();
                    if (name.equals("opencl") && "1".equals(System.getenv("NEXTFRAME_REQUIRE_OPENCL"))) {
                        fail(msg + " (NEXTFRAME_REQUIRE_OPENCL=1)");
                    }
                    System.out.println("SKIPPED: " + msg);
                    Assumptions.abort(msg);
                }
                return Backends.get(name);
            }
        }
        throw new IllegalArgumentException("no backend provider named " + name);
    }
}
