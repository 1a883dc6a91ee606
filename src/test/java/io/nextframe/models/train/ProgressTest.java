package io.nextframe.models.train;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProgressTest {
    private static String run(boolean terminal) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(new PrintStream(bytes, true, StandardCharsets.UTF_8), 5, 20, 0, terminal);
        for (int s = 1; s <= 20; s++) {
            p.completed(s, 1.0 / s, 1e-3);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void logsArePlainLinesWithLossRateAndEta() {
        String log = run(false);
        assertEquals(4, log.lines().count(), log);
        assertTrue(log.lines().allMatch(l -> l.startsWith("step ") && l.contains("loss") && l.contains("steps/s")
                && l.contains("eta")), log);
    }

    @Test
    void aTerminalGetsOneRewrittenLineWithABar() {
        String out = run(true);
        assertEquals(4, out.chars().filter(c -> c == '\r').count());
        assertTrue(out.contains("[#####---------------]  step 5/20"), out);
        assertTrue(out.contains("[####################]  step 20/20  loss 0.0500000") && out.endsWith("\n"), out);
        assertEquals(1, out.chars().filter(c -> c == '\n').count(), "one line, rewritten in place");
    }
}
