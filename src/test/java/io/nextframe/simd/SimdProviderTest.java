package io.nextframe.simd;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.spi.BackendProvider;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves that the test JVM really runs the vector path (Lucene's trap: tests that pass while the Vector API module
 * is missing): the simd provider is found by ServiceLoader, its probe passes, and {@code auto} resolves to it
 * unless an OpenCL GPU is present.
 */
class SimdProviderTest {

    private static BackendProvider simd() {
        Optional<BackendProvider> p = Backends.providers().stream().filter(x -> x.name().equals("simd")).findFirst();
        assertTrue(p.isPresent(), "no simd provider registered via ServiceLoader");
        return p.get();
    }

    @Test
    void simdIsAvailableInTheTestJvmAndReportsItsWidth() {
        BackendProvider p = simd();
        assertEquals(10, p.priority());
        BackendProvider.Availability a = p.probe();
        assertTrue(a.available(), "simd unavailable: " + a.reason());
        assertFalse(a.gpu());
        assertTrue(a.reason().matches(".*\\d+-bit float vectors \\(\\d+ lanes\\).*"), a.reason());
        assertEquals(1, p.devices().size());
    }

    @Test
    void autoPicksSimdUnlessAnOpenClGpuIsPresent() {
        boolean gpu = Backends.providers().stream().anyMatch(p -> p.probe().available() && p.probe().gpu());
        String chosen = Backends.resolve("auto");
        if (gpu) {
            assertTrue(chosen.startsWith("opencl"), "auto chose " + chosen + " although a GPU is present");
        } else {
            assertEquals("simd", chosen);
        }
    }

    @Test
    void opensWithAThreadCountSelectorAndRefusesNonsense() {
        try (Backend be = Backends.open("simd:3")) {
            assertEquals("simd", be.name());
            assertTrue(be.description().contains("3 threads"), be.description());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.open("simd:many"));
        assertTrue(e.getMessage().contains("many"), e.getMessage());
    }

    @Test
    void probeHelpersNameTheProblemInsteadOfThrowing() {
        assertNotNull(SimdProvider.run());
        // in this JVM C2 is on (surefire passes no -Xint / TieredStopAtLevel)
        assertEquals(null, SimdProvider.compilerProblem());
        assertEquals(null, SimdProbe.microKernelProblem());
    }
}
