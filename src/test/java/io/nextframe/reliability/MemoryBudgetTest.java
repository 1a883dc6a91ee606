package io.nextframe.reliability;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.MemoryBudget;
import io.nextframe.core.MemoryBudgetExceededException;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory budget refuses an oversized request before anything is allocated, with an error naming the op, its
 * caller, the shape, the size, the memory in use and the budget; on both CPU backends (native segments of the
 * pool do not move). The OpenCL side is in {@code OpenClFailuresTest}.
 */
class MemoryBudgetTest {
    @Test
    void sizesParse() {
        assertEquals(2L << 30, MemoryBudget.parse("2g", "t"));
        assertEquals(512L << 20, MemoryBudget.parse("512MiB", "t"));
        assertEquals(3L << 29, MemoryBudget.parse("1.5G", "t"));
        assertEquals(123, MemoryBudget.parse("123", "t"));
        assertEquals(MemoryBudget.UNLIMITED, MemoryBudget.parse("unlimited", "t"));
        var e = assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("two gigs", "-Dx"));
        assertTrue(e.getMessage().contains("-Dx") && e.getMessage().contains("two gigs"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.parse("-1g", "t"));
        assertEquals("1.50 GiB", MemoryBudget.format(3L << 29));
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd"})
    void anOversizedRequestFailsFastNamingTheOpShapeAndBudget(String name) {
        try (Backend b = Backends.open(name)) {
            b.setMemoryBudget(1 << 20);
            try (Tensor a = b.zeros(256, 512)) { // 512 KiB: fits
                Map<String, Long> before = b.memoryCounters();
                var e = assertThrows(MemoryBudgetExceededException.class, () -> b.zeros(Shape.of(1024, 1024)));
                String m = e.getMessage();
                for (String part : new String[] {"op zeros", "MemoryBudgetTest", "[1024, 1024]", "4.00 MiB",
                        "512.0 KiB", "1.00 MiB", "nextframe.memory.budget"}) {
                    assertTrue(m.contains(part), "message lacks '" + part + "': " + m);
                }
                assertEquals(4L << 20, e.requestedBytes());
                assertEquals(before, b.memoryCounters(), "nothing allocated or counted");

                // an op's output: named by the op
                try (Tensor x = b.zeros(128, 512)) {
                    var op = assertThrows(MemoryBudgetExceededException.class, () -> b.matmul(x, true, x, false));
                    assertTrue(op.getMessage().contains("op matmul") && op.getMessage().contains("[512, 512]"),
                            op.getMessage());
                }
            }
            assertEquals(0, b.liveBytes());
            b.zeros(512, 512).close(); // 1 MiB fits once the others are gone
            b.setMemoryBudget(MemoryBudget.UNLIMITED);
        }
    }

    @Test
    void aThreadsAllocationLimitCountsEveryRequestUntilClosed() throws Exception {
        Backend b = Backends.get("simd");
        long live = b.liveBytes();
        try (AutoCloseable limit = b.limitAllocations(1 << 20, "loading test.safetensors")) {
            b.zeros(128, 1024).close(); // 512 KiB, freed: frees are not credited
            var e = assertThrows(MemoryBudgetExceededException.class, () -> b.zeros(128, 1025));
            assertTrue(e.allocationLimit() && e.getMessage().contains("loading test.safetensors")
                    && e.getMessage().contains("512.0 KiB taken so far"), e.getMessage());
            // another thread is not limited
            Thread t = Thread.ofPlatform().start(() -> b.zeros(1024, 1024).close());
            t.join();
        }
        b.zeros(1024, 1024).close(); // closed: no limit
        assertEquals(live, b.liveBytes());
    }
}
