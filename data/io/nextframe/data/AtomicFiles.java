package io.nextframe.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader never sees half of one: the content goes to a temporary file in the same
 * directory, is forced to disk, and is renamed over the target. If writing fails the temporary file is deleted
 * and the target is left as it was.
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

    /** Writes {@code target} atomically, replacing an existing file. */
    public static void write(Path target, Writer body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 OutputStream out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(ch), 1 << 16)) {
                body.write(out);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }
}
