package io.nextframe.tools;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CONTRACTS.md §1: the README has one "Test" section with one fenced command, and .ci/run runs exactly it. */
class ReadmeContractTest {

    @Test
    void ciRunsTheReadmeTestCommand() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("(?m)^## Test\\s*\\n+```[a-z]*\\n([^\\n]+)\\n```").matcher(readme);
        assertTrue(m.find(), "README.md needs a '## Test' section whose first block is one fenced command");
        String command = m.group(1).trim();
        String ci = Files.readString(Path.of(".ci/run"));
        String lastLine = ci.strip().lines().reduce((a, b) -> b).orElse("").trim();
        assertEquals(command, lastLine, ".ci/run must end by running the README's test command");
    }
}
