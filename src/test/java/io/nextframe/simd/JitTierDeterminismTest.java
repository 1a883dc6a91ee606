package io.nextframe.simd;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same op must give the same bits whether its loop ran in the interpreter, C1 or C2: a resumed run starts cold
 * and must reproduce the uninterrupted, warm one bitwise (CONTRACTS.md §3). The Vector API's {@code lanewise(EXP)}
 * and {@code reduceLanes(ADD)} failed this (1-ulp changes once C2 compiled the loop); this test keeps them out.
 * Hashes from this JVM after warm-up are compared with those of a child JVM limited to C1.
 */
class JitTierDeterminismTest {

    @Test
    void warmC2ResultsEqualC1OnlyResults() throws IOException, InterruptedException {
        Map<String, Long> warm = null;
        for (int i = 0; i < 300; i++) {
            warm = TierHashes.compute();
        }
        Map<String, Long> cold = childHashes("-XX:TieredStopAtLevel=1");
        assertTrue(cold.size() > 20, "child printed " + cold);
        assertEquals(warm.keySet(), cold.keySet());
        for (String k : warm.keySet()) {
            assertEquals(warm.get(k), cold.get(k), k + ": C2-compiled and C1-only runs differ");
        }
    }

    private static Map<String, Long> childHashes(String flag) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                flag, "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), TierHashes.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
        assertEquals(0, p.exitValue(), "child JVM failed:\n" + text);
        Map<String, Long> out = new TreeMap<>();
        for (String line : text.split("\n")) {
            int eq = line.lastIndexOf('=');
            if (eq > 0 && !line.startsWith("WARNING")) {
                out.put(line.substring(0, eq), Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        return out;
    }
}
