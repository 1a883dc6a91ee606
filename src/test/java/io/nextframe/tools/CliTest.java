package io.nextframe.tools;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's contract: exit codes 0 ok, 2 usage error with a message naming the flag. */
class CliTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void helpListsTheVerbs() {
        Result r = run("--help");
        assertEquals(0, r.code());
        assertTrue(r.out().contains("backends"), r.out());
    }

    @Test
    void unknownFlagIsAUsageErrorNamingIt() {
        Result r = run("backends", "--no-such-flag");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--no-such-flag"), r.err());
    }

    @Test
    void backendsListsEveryProviderAndTheAutoChoice() {
        Result r = run("backends");
        assertTrue(r.out().contains("auto"), r.out());
        assertEquals(0, r.code(), r.out() + r.err());
    }

    @Test
    void demoTrainsATinyNetAndReducesTheLoss() {
        Result r = run("demo", "--steps", "6", "--backend", "reference");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("loss"), r.out());
    }
}
