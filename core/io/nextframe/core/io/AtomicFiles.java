package io.nextframe.core.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;

/**
 * Writes a file so that readers see either the old content or the complete new one, even across a crash: the bytes
 * go to a temporary file in the same directory, which is forced to disk, atomically renamed over the target, and
 * then the directory entry is forced too (where the platform can open a directory; Windows cannot).
 */
public final class AtomicFiles {
    private static final SecureRandom RANDOM = new SecureRandom();
    private AtomicFiles() {
    }

    /** Writes what {@code body} writes into a channel, atomically, to {@code target}. */
    public static void write(Path target, ChannelWriter body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Path tmp = null;
        FileChannel ch = null;
        // not Files.createTempFile: its 0600 permissions would survive the rename; CREATE_NEW applies the umask
        for (int attempt = 0; ch == null; attempt++) {
            tmp = dir.resolve("." + abs.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            try {
                ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
        boolean moved = false;
        try {
            try (FileChannel c = ch) {
                body.write(c);
                c.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot replace " + abs + " atomically on this file system", e);
            }
            moved = true;
            forceDirectory(dir);
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Deletes the temporary files a killed {@link #write} of {@code target} left behind (a SIGKILL or power loss
     * before the rename); returns how many. Only for a target no other process is writing at the same time.
     */
    public static int deleteStaleTemporaries(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        String prefix = "." + abs.getFileName() + ".";
        int n = 0;
        try (var files = Files.newDirectoryStream(abs.getParent(), f -> {
            String name = f.getFileName().toString();
            return name.startsWith(prefix) && name.endsWith(".tmp")
                    && name.substring(prefix.length(), name.length() - 4).matches("[0-9a-f]{1,16}");
        })) {
            for (Path f : files) {
                if (Files.deleteIfExists(f)) {
                    n++;
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return 0;                                   // no directory yet, nothing left behind
        }
        return n;
    }

    /** Writes {@code bytes} atomically to {@code target}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        write(target, ch -> {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        });
    }

    /** Makes the rename durable; silently skipped where directories cannot be opened for sync (Windows). */
    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not supported here; the data itself was already forced before the rename
        }
    }

    @FunctionalInterface
    public interface ChannelWriter {
        void write(FileChannel channel) throws IOException;
    }
}
