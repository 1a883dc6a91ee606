package io.nextframe.simd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every SIMD kernel, run in a JVM limited to C1 (so every Vector API call takes its Java fallback), must leave the
 * JDK's heap-segment classes unloaded. Some fallbacks ({@code reinterpretAs*}, {@code test(IS_NAN)}, …) go through a
 * heap {@code byte[]} segment; once the JDK's shared vector load/store code has seen one, GEMM and convolution
 * kernels compiled afterwards ran 5–10× slower in some runs (see {@link BitCast}). This keeps such calls out of simd/.
 */
class HeapSegmentFreeTest {

    @Test
    void kernelsNeverTouchHeapSegments() throws IOException, InterruptedException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xlog:class+load=info", "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TierHashes.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + text);
        assertTrue(text.contains("gemm wide="), "the child ran the kernels:\n" + text.lines().limit(20).toList());
        assertTrue(text.contains("jdk.internal.foreign.NativeMemorySegmentImpl"), "class loading was logged");
        assertFalse(text.contains("jdk.internal.foreign.HeapMemorySegmentImpl"),
                "a SIMD kernel made the JDK create a heap memory segment (a Vector API fallback through byte[])");
    }
}
