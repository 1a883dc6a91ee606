package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.core.MemoryBudget;
import io.nextframe.core.MemoryBudgetExceededException;
import io.nextframe.core.Shape;
import org.jocl.CL;
import org.jocl.CLException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device-side failures surface as errors a user can act on: naming the device and suggesting the CPU backend
 * (runs on PoCL here; CI sets NEXTFRAME_REQUIRE_OPENCL=1 so it cannot be skipped there).
 */
class OpenClFailuresTest {
    private static void mentionsDeviceAndSimd(ClDevice d, String m) {
        assertTrue(m.contains(d.name()) && m.contains("--backend simd"), m);
    }

    @Test
    void aBufferLargerThanTheDeviceAllowsIsRefusedBeforeTheDriverIsAsked() {
        Backend b = OpenClTestSupport.backend();
        ClContext ctx = OpenClTestSupport.kernels(b).context();
        Map<String, Long> before = b.memoryCounters();
        long live = b.liveBytes();
        // 2^36 bytes: beyond CL_DEVICE_MAX_MEM_ALLOC_SIZE of any device today
        var e = assertThrows(IllegalStateException.class, () -> b.zeros(Shape.of(1 << 17, 1 << 17)));
        mentionsDeviceAndSimd(ctx.device(), e.getMessage());
        assertTrue(e.getMessage().contains("CL_DEVICE_MAX_MEM_ALLOC_SIZE"), e.getMessage());
        assertEquals(before.get("cl_mem_objects"), b.memoryCounters().get("cl_mem_objects"));
        assertEquals(live, b.liveBytes(), "the refused request is not counted");
    }

    @Test
    void theMemoryBudgetAppliesToDeviceTensors() {
        Backend b = io.nextframe.core.Backends.open("opencl");
        try {
            b.setMemoryBudget(1 << 20);
            long objects = b.memoryCounters().get("cl_mem_objects");
            var e = assertThrows(MemoryBudgetExceededException.class, () -> b.zeros(Shape.of(512, 1024)));
            assertTrue(e.getMessage().contains("opencl") && e.getMessage().contains("[512, 1024]"), e.getMessage());
            assertEquals(objects, b.memoryCounters().get("cl_mem_objects"), "no buffer was created");
            b.setMemoryBudget(MemoryBudget.UNLIMITED);
        } finally {
            b.close();
        }
    }

    @Test
    void outOfMemoryStatusesNameTheDevice() {
        Backend b = OpenClTestSupport.backend();
        ClDevice d = OpenClTestSupport.kernels(b).context().device();
        for (int status : new int[] {CL.CL_MEM_OBJECT_ALLOCATION_FAILURE, CL.CL_OUT_OF_RESOURCES}) {
            CLException cause = new CLException("driver said no", status);
            assertTrue(ClErrors.isOutOfMemory(cause));
            IllegalStateException e = ClErrors.outOfMemory(d, "launching kernel gemm", cause);
            mentionsDeviceAndSimd(d, e.getMessage());
            assertTrue(e.getMessage().contains(CL.stringFor_errorCode(status))
                    && e.getMessage().contains("launching kernel gemm"), e.getMessage());
        }
        assertTrue(!ClErrors.isOutOfMemory(new CLException("x", CL.CL_INVALID_VALUE)));
    }

    @Test
    void aKernelThatDoesNotBuildNamesTheDeviceAndTheLog() {
        Backend b = OpenClTestSupport.backend();
        ClContext ctx = OpenClTestSupport.kernels(b).context();
        var e = assertThrows(IllegalStateException.class,
                () -> ctx.programs().build("broken", "__kernel void f(__global float* x) { x[0] = undeclared; }"));
        mentionsDeviceAndSimd(ctx.device(), e.getMessage());
        assertTrue(e.getMessage().contains("undeclared"), "the build log is included: " + e.getMessage());
    }
}
