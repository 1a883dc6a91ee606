package io.nextframe.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AtomicFilesTest {
    @TempDir
    Path dir;

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporary() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Files.writeString(f, "old");
        assertThrows(IOException.class, () -> AtomicFiles.write(f, ch -> {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            throw new IOException("disk full");
        }));
        assertEquals("old", Files.readString(f));
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void theNewFileHasOrdinaryPermissions() throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return; // nothing to compare on this file system
        }
        Path plain = Files.createFile(dir.resolve("plain"));
        Path f = dir.resolve("written");
        AtomicFiles.write(f, ch -> ch.write(ByteBuffer.wrap(new byte[] {7})));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f),
                "the umask applies, not a temp file's 0600");
        assertEquals(1, Files.size(f));
    }
}
