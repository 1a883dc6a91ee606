package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.spi.BackendProvider;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.ServiceLoader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discovery, device selection and the description users see. */
class OpenClProviderTest {

    @Test
    void registeredWithServiceLoader() {
        assertTrue(ServiceLoader.load(BackendProvider.class).stream()
                .anyMatch(p -> p.type() == OpenClProvider.class), "OpenClProvider is not registered");
        OpenClProvider p = new OpenClProvider();
        assertEquals("opencl", p.name());
        assertEquals(20, p.priority());
    }

    @Test
    void devicesAreListedAndSelectableByIndexAndName() {
        Backend cl = OpenClTestSupport.backend();
        assertEquals("opencl", cl.name());
        assertFalse(cl.supports(DType.F64), "float32 only");
        List<String> devices = new OpenClProvider().devices();
        assertFalse(devices.isEmpty());
        assertTrue(devices.get(0).startsWith("0: ") && devices.get(0).contains("compute units"), devices.get(0));
        ClDevice first = ClPlatforms.devices().get(0);
        try (Backend byIndex = Backends.open("opencl:0");
             Backend byName = Backends.open("opencl:" + first.name().substring(0, Math.min(6, first.name().length())))) {
            assertTrue(byIndex.description().contains(first.name()), byIndex.description());
            assertTrue(byName.description().contains(first.name()), byName.description());
        }
    }

    @Test
    void unknownDeviceIsAnErrorNamingTheDevices() {
        OpenClTestSupport.backend();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Backends.open("opencl:no-such-device-xyz"));
        assertTrue(e.getMessage().contains("no device matches") && e.getMessage().contains("0: "), e.getMessage());
        IllegalStateException e2 = assertThrows(IllegalStateException.class, () -> Backends.open("opencl:99"));
        assertTrue(e2.getMessage().contains("out of range"), e2.getMessage());
    }

    @Test
    void aBrokenProgramReportsItsNameAndTheCompilerLog() {
        OpenClTestSupport.backend();
        ClContext ctx = ClContext.of(ClPlatforms.select(""));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ctx.programs().build("broken", "__kernel void k(__global float* x) { x[0] = undefined_name; }"));
        assertTrue(e.getMessage().contains("kernels/broken.cl") && e.getMessage().contains("undefined_name"),
                e.getMessage());
    }
}
