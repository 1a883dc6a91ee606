package io.nextframe.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes files so that a reader never sees half of one, for the data layer's stream-based writers (NPY, GIF,
 * PNG); the mechanism is {@link io.nextframe.core.io.AtomicFiles}. If writing fails the target is left as it was.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What fills the file. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code target} atomically; an existing file is an error unless {@code overwrite} (CONTRACTS §5).
     * The check is made before any byte is written.
     */
    public static void write(Path target, boolean overwrite, Writer body) throws IOException {
        if (!overwrite && Files.exists(target)) {
            throw new java.nio.file.FileAlreadyExistsException(target.toString(), null,
                    "exists; pass overwrite to replace it");
        }
        write(target, body);
    }

    /**
     * Writes {@code target} atomically, replacing an existing file: a stream view of
     * {@link io.nextframe.core.io.AtomicFiles} (temporary file with the umask's permissions, forced, renamed, the
     * directory forced), creating missing parent directories first.
     */
    public static void write(Path target, Writer body) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        io.nextframe.core.io.AtomicFiles.write(target, ch -> {
            OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16);
            body.write(out);
            out.flush();
        });
    }
}
