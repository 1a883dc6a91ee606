package io.nextframe.data;

import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyClips;
import io.nextframe.data.media.NpyFile;
import io.nextframe.data.media.NpyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NpyTest {
    @TempDir
    Path dir;

    static float[] ramp(int n) {
        Random r = new Random(1);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextFloat();
        }
        return v;
    }

    @Test
    void roundTripsFloat32AndUint8InEveryVideoLayout() throws IOException {
        for (int[] shape : List.of(new int[] {4, 5, 6}, new int[] {4, 3, 5, 6}, new int[] {2, 4, 1, 5, 6})) {
            int n = 1;
            for (int d : shape) {
                n *= d;
            }
            float[] v = ramp(n);
            Path f = dir.resolve("a.npy");
            Npy.write(f, shape, v, NpyType.FLOAT32);
            NpyFile file = NpyFile.open(f);
            assertEquals(NpyType.FLOAT32, file.type());
            assertArrayEquals(v, file.readAll());
            assertEquals(0, (Files.size(f) - 4L * n) % 64, "data aligned to 64 bytes");
            Npy.write(f, shape, v, NpyType.UINT8);
            float[] back = NpyFile.open(f).readAll();
            for (int i = 0; i < n; i++) {
                assertEquals(Math.round(v[i] * 255) / 255f, back[i], 1e-7);
            }
            NpyClips clips = NpyClips.open(f);
            int c = shape.length == 3 ? 1 : shape[shape.length - 3];
            assertEquals(shape.length == 5 ? 2 : 1, clips.size());
            assertEquals(c, clips.channels());
            assertEquals(6, clips.width());
            float[] first = clips.clip(0).data();
            assertArrayEquals(Arrays.copyOf(back, first.length), first, "clip 0 is the leading block");
        }
    }

    @Test
    void writesTheHeaderNumpyExpects() throws IOException {
        Path f = dir.resolve("h.npy");
        Npy.write(f, new int[] {3}, new float[] {0, 0.5f, 1}, NpyType.FLOAT32);
        byte[] b = Files.readAllBytes(f);
        String header = new String(b, 10, b.length - 10 - 12, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(0.5f, ByteBuffer.wrap(b, b.length - 8, 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
    }

    @Test
    void layoutOverrideReadsTnhwAndChannelsLast() throws IOException {
        // (T=2, N=3, H=2, W=2): value = 1000t + 100n + 10y + x, scaled into [0, 1]
        float[] v = new float[2 * 3 * 2 * 2];
        int k = 0;
        for (int t = 0; t < 2; t++) {
            for (int n = 0; n < 3; n++) {
                for (int y = 0; y < 2; y++) {
                    for (int x = 0; x < 2; x++) {
                        v[k++] = (1000 * t + 100 * n + 10 * y + x) / 2000f;
                    }
                }
            }
        }
        Path f = dir.resolve("tnhw.npy");
        Npy.write(f, new int[] {2, 3, 2, 2}, v, NpyType.FLOAT32);
        NpyClips clips = NpyClips.open(f, "TNHW");
        assertEquals(3, clips.size());
        Clip c = clips.clip(2);
        assertEquals(2, c.frames());
        assertEquals((1000 + 200 + 10 + 1) / 2000f, c.get(1, 0, 1, 1));
        // THWC: (T=1, H=2, W=2, C=3)
        float[] hwc = new float[12];
        for (int i = 0; i < 12; i++) {
            hwc[i] = i / 12f;
        }
        Npy.write(f, new int[] {1, 2, 2, 3}, hwc, NpyType.FLOAT32);
        DataFormatException e = assertThrows(DataFormatException.class, () -> NpyClips.open(f));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
        Clip rgb = NpyClips.open(f, "THWC").clip(0);
        assertEquals(3, rgb.channels());
        assertEquals(hwc[(1 * 2 + 0) * 3 + 2], rgb.get(0, 2, 1, 0));
        assertThrows(DataFormatException.class, () -> NpyClips.open(f, "TTHW"));
    }

    @Test
    void writesAHeldOutTestSetClipByClip() throws IOException {
        ClipSource src = new ClipSource() {
            public long size() { return 100; }
            public Clip clip(long i) {
                float[] d = new float[2 * 3 * 4];
                java.util.Arrays.fill(d, i / 100f);
                return new Clip(2, 1, 3, 4, d);
            }
            public int frames() { return 2; }
            public int channels() { return 1; }
            public int height() { return 3; }
            public int width() { return 4; }
        };
        Path f = dir.resolve("test.npy");
        Npy.writeClips(f, src, 7, NpyType.FLOAT32);
        NpyClips back = NpyClips.open(f);
        assertArrayEquals(new long[] {7, 2, 1, 3, 4}, back.file().shape());
        assertArrayEquals(src.clip(6).data(), back.clip(6).data());
    }

    @Test
    void refusesBadFilesWithTheirNames() throws IOException {
        Path f = dir.resolve("bad.npy");
        expect(f, raw("{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }", 16), "'<f8'");
        expect(f, raw("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", 8), "Fortran");
        expect(f, raw("{'descr': '<f4', 'fortran_order': False, 'shape': (100, 100), }", 8), "needs 40000");
        expect(f, raw("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 8), "holds 8");
        expect(f, "hello".getBytes(StandardCharsets.US_ASCII), "magic");
        byte[] huge = raw("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }", 4);
        huge[6] = 2;
        ByteBuffer.wrap(huge, 8, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(1 << 30);
        expect(f, huge, "header of");
        expect(dir.resolve("missing.npy"), null, "no such file");
        // float32 values outside [0, 1] are refused when the clip is read
        Npy.write(f, new int[] {1, 2, 2}, new float[] {0, 0.5f, 2f, 1}, NpyType.FLOAT32);
        DataFormatException e = assertThrows(DataFormatException.class, () -> NpyClips.open(f).clip(0));
        assertTrue(e.getMessage().contains("2.0") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    private static void expect(Path f, byte[] content, String words) throws IOException {
        if (content != null) {
            Files.write(f, content);
        }
        DataFormatException e = assertThrows(DataFormatException.class, () -> NpyFile.open(f));
        assertTrue(e.getMessage().contains(f.getFileName().toString()) && e.getMessage().contains(words),
                e.getMessage());
    }

    /** A version-1.0 file with {@code dict} and {@code dataBytes} zero bytes. */
    private static byte[] raw(String dict, int dataBytes) {
        byte[] h = (dict + "\n").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) h.length).put(h);
        return b.array();
    }

    @Test
    void readsFilesWrittenByNumpy() throws Exception {
        NpyFile f = NpyFile.open(fixture("numpy_f4_2x3.npy"));
        assertArrayEquals(new long[] {2, 3}, f.shape());
        assertArrayEquals(new float[] {0f, 0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, f.readAll());
        NpyFile u = NpyFile.open(fixture("numpy_u1_1x2x3.npy"));
        assertEquals(NpyType.UINT8, u.type());
        assertEquals(5 / 255f, u.get(5));
        assertEquals(1, NpyClips.open(fixture("numpy_u1_1x2x3.npy")).frames());
        assertTrue(assertThrows(DataFormatException.class, () -> NpyFile.open(fixture("numpy_fortran.npy")))
                .getMessage().contains("Fortran"));
        assertTrue(assertThrows(DataFormatException.class, () -> NpyFile.open(fixture("numpy_f8.npy")))
                .getMessage().contains("'<f8'"));
    }

    private static Path fixture(String name) throws Exception {
        return Path.of(NpyTest.class.getResource("npy/" + name).toURI());
    }
}
