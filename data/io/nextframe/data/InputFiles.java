package io.nextframe.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks done before a reader opens a file, so a missing or unreadable input fails with the file's name. */
public final class InputFiles {
    private InputFiles() {
    }

    /** Throws a {@link DataFormatException} unless {@code file} is a readable regular file. */
    public static void requireReadableFile(Path file, String expected) {
        if (!Files.exists(file)) {
            throw new DataFormatException(file, "no such file; expected " + expected);
        }
        if (!Files.isRegularFile(file)) {
            throw new DataFormatException(file, "not a regular file; expected " + expected);
        }
        if (!Files.isReadable(file)) {
            throw new DataFormatException(file, "not readable (permissions); expected " + expected);
        }
    }
}
