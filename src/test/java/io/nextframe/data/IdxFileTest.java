package io.nextframe.data;

import io.nextframe.data.mnist.IdxFile;
import io.nextframe.data.mnist.Mnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdxFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripsPlainAndGzipped() throws IOException {
        byte[] data = new byte[3 * 4 * 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 37);
        }
        IdxFile f = new IdxFile(new int[] {3, 4, 5}, data);
        for (boolean gz : new boolean[] {false, true}) {
            Path p = dir.resolve("x" + gz);
            f.write(p, gz);
            IdxFile back = IdxFile.read(p);
            assertEquals(f, back);
            assertEquals(gz, (Files.readAllBytes(p)[0] & 0xFF) == 0x1f);
        }
        assertEquals(16 + 60, Files.size(dir.resolve("xfalse")));
    }

    @Test
    void refusesBadMagic() throws IOException {
        Path p = dir.resolve("bad");
        Files.write(p, new byte[] {0, 0, 0x0D, 1, 0, 0, 0, 1, 5});
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFile.read(p));
        assertTrue(e.getMessage().contains(p.toString()) && e.getMessage().contains("magic"), e.getMessage());
    }

    @Test
    void refusesSizesLargerThanTheFileBeforeAllocating() throws IOException {
        Path p = dir.resolve("big");
        // (2^30, 2^30) would need 2^60 bytes; and (1000, 28, 28) needs more than the 10 data bytes present
        write(p, new int[] {1 << 30, 1 << 30}, new byte[10], false);
        assertTrue(assertThrows(DataFormatException.class, () -> IdxFile.read(p)).getMessage().contains("bytes"));
        write(p, new int[] {1000, 28, 28}, new byte[10], false);
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFile.read(p));
        assertTrue(e.getMessage().contains("784000"), e.getMessage());
        write(p, new int[] {10, 28, 28}, new byte[10], true);
        e = assertThrows(DataFormatException.class, () -> IdxFile.read(p));
        assertTrue(e.getMessage().contains("ends before"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        Path p = dir.resolve("nope.idx");
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFile.read(p));
        assertTrue(e.getMessage().contains("nope.idx") && e.getMessage().contains("no such file"), e.getMessage());
    }

    @Test
    void mnistLoadChecksLabelsAgainstImages() throws IOException {
        Path img = dir.resolve("img");
        Path lab = dir.resolve("lab");
        new IdxFile(new int[] {2, 2, 2}, new byte[] {0, (byte) 255, 0, 0, 1, 2, 3, 4}).write(img, true);
        new IdxFile(new int[] {2}, new byte[] {7, 3}).write(lab, false);
        Mnist m = Mnist.load(img, lab);
        assertEquals(2, m.size());
        assertEquals(7, m.label(0));
        assertArrayEquals(new float[] {0, 1, 0, 0}, m.image(0));
        new IdxFile(new int[] {3}, new byte[] {7, 3, 1}).write(lab, false);
        assertThrows(DataFormatException.class, () -> Mnist.load(img, lab));
        new IdxFile(new int[] {2}, new byte[] {7, 10}).write(lab, false);
        assertThrows(DataFormatException.class, () -> Mnist.load(img, lab));
    }

    private static void write(Path p, int[] dims, byte[] payload, boolean gz) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(gz ? new GZIPOutputStream(bytes) : bytes)) {
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(payload);
        }
        Files.write(p, bytes.toByteArray());
    }
}
