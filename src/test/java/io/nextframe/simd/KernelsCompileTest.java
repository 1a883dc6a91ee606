package io.nextframe.simd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every SIMD kernel method must compile with the JIT's first compiler. A kernel that C1 gives up on ("COMPILE
 * SKIPPED: out of virtual registers", which large methods full of force-inlined Vector API calls provoke) runs
 * interpreted — every vector operation through its Java fallback, 10–100× slower — until C2 gets to it, and in some
 * JVMs C2's version then lacked its intrinsics too: ConvLowering.copy did that and made SVG inference 2× slower in
 * 3 of 4 JVMs. This runs the kernels in a child JVM that logs its compilations and fails on any skipped one.
 */
class KernelsCompileTest {

    @Test
    void c1CompilesEveryKernel() throws IOException, InterruptedException {
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+PrintCompilation", "--add-modules", "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TierHashes.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + text);
        assertTrue(text.contains("gemm wide="), "the child ran the kernels:\n" + text.lines().limit(20).toList());
        assertTrue(text.contains("io.nextframe.simd.ConvLowering::"), "compilations were logged");
        List<String> skipped = text.lines().filter(l -> l.contains("io.nextframe.")
                && (l.contains("COMPILE SKIPPED") || l.contains("made not compilable"))).toList();
        assertEquals(List.of(), skipped, "the JIT gave up on these kernel methods (they run interpreted)");
    }
}
