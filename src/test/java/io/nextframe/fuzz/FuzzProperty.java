package io.nextframe.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The property every parser fuzz target checks: an input either loads, or fails with the format's documented
 * exception carrying a message. Anything else — an {@link OutOfMemoryError} (an allocation sized from an unchecked
 * header), an index exception, a {@link NumberFormatException} escaping unnamed, a {@link StackOverflowError} —
 * is turned into an {@link AssertionError} that names the input's failure, which Jazzer reports as a finding and
 * saves as a crash input. An input that takes longer than {@link #SLOW_SECONDS} fails too (a near-hang: a loop
 * sized by a header). No JUnit {@code @Timeout} is used: under Maven it also bounds the whole fuzzing run and
 * interrupts it.
 */
final class FuzzProperty {
    /** One scratch directory per JVM: inputs are written to files because the readers take paths. */
    private static final Path DIR;
    /** Every seed loads in milliseconds; seconds mean work sized by the input rather than by its length. */
    static final double SLOW_SECONDS = 5;

    static {
        try {
            DIR = Files.createTempDirectory("nextframe-fuzz");
            DIR.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private FuzzProperty() {
    }

    @FunctionalInterface
    interface Load {
        void run(Path file) throws Exception;
    }

    /** Writes {@code data} to a scratch file named {@code input.<suffix>} and loads it with {@code load}. */
    static void loadsOrRaises(byte[] data, String suffix, Class<? extends Throwable> documented, Load load)
            throws IOException {
        Path file = DIR.resolve("input-" + Thread.currentThread().threadId() + "." + suffix);
        Files.write(file, data);
        long start = System.nanoTime();
        try {
            load.run(file);
            slow(start);
        } catch (Throwable t) {
            slow(start);
            if (!documented.isInstance(t)) {
                throw new AssertionError("undocumented failure " + t + " (allowed: " + documented.getSimpleName()
                        + ")", t);
            }
            if (t.getMessage() == null || t.getMessage().isBlank()) {
                throw new AssertionError(documented.getSimpleName() + " without a message", t);
            }
            if (t.getCause() instanceof NumberFormatException) {
                // "For input string: …" names neither the key nor the file: the parser must wrap it itself
                throw new AssertionError("a raw NumberFormatException was wrapped without naming what was parsed: "
                        + t.getMessage(), t);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void slow(long start) {
        double s = (System.nanoTime() - start) / 1e9;
        if (s > SLOW_SECONDS) {
            throw new AssertionError(String.format("the input took %.1f s (limit %.0f s)", s, SLOW_SECONDS));
        }
    }
}
