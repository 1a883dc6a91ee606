package io.nextframe.core.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A model or checkpoint file that is not what its format promises: a truncated file, a malformed header, an unknown
 * dtype, offsets outside the data, overlapping tensors. The message always names the file and the problem.
 * Readers throw this — never an {@link OutOfMemoryError} or an index exception — for any byte sequence they are
 * given, so a caller can catch one {@link IOException} subtype for "this file is bad".
 */
public final class ModelFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
