package io.nextframe.data;

import java.nio.file.Path;

/**
 * A data file (or directory, or in-memory array) is not what it was expected to be: a bad magic number, a header
 * that does not fit the file, an unsupported dtype, frames of different sizes, … The message names the source and
 * what was expected versus found, so a user can fix the input without reading code.
 */
public class DataFormatException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;

    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
        this.source = source;
    }

    public DataFormatException(Path source, String problem) {
        this(String.valueOf(source), problem);
    }

    public DataFormatException(Path source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
        this.source = String.valueOf(source);
    }

    /** The file, directory or stream the problem is in. */
    public String source() {
        return source;
    }
}
