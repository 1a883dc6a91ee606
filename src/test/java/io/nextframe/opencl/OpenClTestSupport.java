package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.spi.BackendProvider;
import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The one OpenCL backend the tests share (programs are built once per JVM). Where no OpenCL device exists the
 * tests are skipped with the reason printed — unless {@code NEXTFRAME_REQUIRE_OPENCL=1}, where they fail instead
 * (CI sets it, so a broken OpenCL install cannot pass silently).
 */
final class OpenClTestSupport {
    private OpenClTestSupport() {
    }

    /** The shared "opencl" backend, or a skipped (or failed, when required) test. */
    static Backend backend() {
        BackendProvider.Availability a = new OpenClProvider().probe();
        if (!a.available()) {
            String msg = "OpenCL backend unavailable: " + a.reason();
            if ("1".equals(System.getenv("NEXTFRAME_REQUIRE_OPENCL"))) {
                fail(msg + " (NEXTFRAME_REQUIRE_OPENCL=1)");
            }
            System.out.println("SKIPPED: " + msg);
            Assumptions.abort(msg);
        }
        return Backends.get("opencl");
    }

    static OpenClKernels kernels(Backend b) {
        return (OpenClKernels) b.kernels();
    }

    static float[] random(long seed, int n) {
        java.util.Random r = new java.util.Random(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return v;
    }

    /** max |a − b| / (1 + |b|) over the elements. */
    static void assertClose(float[] expected, float[] actual, double tol, String what) {
        if (expected.length != actual.length) {
            fail(what + ": length " + actual.length + ", expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / (1 + Math.abs(expected[i]));
            if (!(err <= tol)) {
                fail(what + ": element " + i + " is " + actual[i] + ", expected " + expected[i] + " (error " + err
                        + " > " + tol + ")");
            }
        }
    }
}
