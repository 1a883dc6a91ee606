package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs every case of {@link OpCases} on the {@code reference} backend and on {@link #candidate()} and compares the
 * outputs elementwise. A backend's parity test is one line:
 * <pre>{@code class SimdParityTest extends AbstractBackendParityTest {
 *     protected Backend candidate() { return Backends.get("simd"); } }}</pre>
 * Tolerance: |candidate − reference| ≤ tol·(|reference| + max|reference|) with
 * tol = {@link #baseTolerance()}·max(1, √(K/64)) for a case whose longest sum has K terms: float32 rounding error
 * of a K-term sum grows like √K relative to its result.
 */
public abstract class AbstractBackendParityTest {

    /** The backend under test; use {@code Backends.get(name)} (shared) or skip with an assumption if absent. */
    protected abstract Backend candidate();

    /** The oracle. */
    protected Backend reference() {
        return Backends.get("reference");
    }

    /** The cases to run; override to filter (e.g. by name prefix) while a backend is incomplete. */
    protected List<OpCase> cases() {
        return OpCases.all();
    }

    protected double baseTolerance() {
        return 1e-4;
    }

    protected double tolerance(OpCase c) {
        return baseTolerance() * Math.max(1, Math.sqrt(c.reduction() / 64.0));
    }

    @TestFactory
    Stream<DynamicTest> matchesReference() {
        Backend cand = candidate();
        Backend ref = reference();
        return cases().stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> compare(c, ref, cand)));
    }

    /** Runs one case on both backends and asserts every output agrees; public for ad-hoc use in other tests. */
    public void compare(OpCase c, Backend ref, Backend cand) {
        Map<String, float[]> expected = c.run(ref);
        Map<String, float[]> actual = c.run(cand);
        double tol = tolerance(c);
        for (Map.Entry<String, float[]> e : expected.entrySet()) {
            float[] got = actual.get(e.getKey());
            if (got == null) {
                throw new AssertionError(c.name() + ": " + cand.name() + " gave no output " + e.getKey());
            }
            Tensors.assertAllClose(c.name() + " [" + e.getKey() + "] " + cand.name() + " vs reference",
                    e.getValue(), got, tol, tol * Tensors.maxAbs(e.getValue()));
        }
    }
}
