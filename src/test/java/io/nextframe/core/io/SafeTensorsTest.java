package io.nextframe.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafeTensorsTest {
    @TempDir
    Path dir;

    private static Map<String, HostTensor> sample() {
        Map<String, HostTensor> m = new LinkedHashMap<>();
        Random r = new Random(7);
        float[] a = new float[2 * 3 * 4];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        m.put("encoder.conv.weight", new HostTensor(new int[] {2, 3, 4}, a));
        m.put("bias", new HostTensor(new int[] {3}, new float[] {1f, -2.5f, 0.125f}));
        m.put("scalar", new HostTensor(new int[] {}, new float[] {42f}));
        m.put("empty", new HostTensor(new int[] {0, 5}, new float[0]));
        return m;
    }

    @Test
    void f32RoundTripIsExact() throws IOException {
        Path f = dir.resolve("a.safetensors");
        Map<String, HostTensor> m = sample();
        SafeTensors.write(f, m, Map.of("model", "svg-lp", "format", "nextframe"), FileDType.F32);
        try (SafeTensorsFile sf = SafeTensors.read(f)) {
            assertEquals(List.of("bias", "empty", "encoder.conv.weight", "scalar"), sf.names());
            assertEquals(Map.of("model", "svg-lp", "format", "nextframe"), sf.metadata());
            for (var e : m.entrySet()) {
                assertArrayEquals(e.getValue().shape(), sf.shape(e.getKey()));
                assertEquals(FileDType.F32, sf.dtype(e.getKey()));
                assertArrayEquals(e.getValue().data(), sf.floats(e.getKey()));
            }
        }
        // header padded to 8 bytes, data size as declared
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        assertEquals(8 + n + 4 * (24 + 3 + 1), bytes.length);
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void f16RoundTripRoundsToNearestEven() throws IOException {
        float one = 1f;
        float halfUlp = (float) Math.pow(2, -11); // half a binary16 ulp at 1.0
        float[] v = {0f, -0f, 1f, -2f, 65504f, 1e-7f, one + halfUlp, one + 3 * halfUlp, 70000f, Float.NaN,
                Float.NEGATIVE_INFINITY};
        Path f = dir.resolve("h.safetensors");
        SafeTensors.write(f, Map.of("v", new HostTensor(new int[] {v.length}, v)), null, FileDType.F16);
        try (SafeTensorsFile sf = SafeTensors.read(f)) {
            assertEquals(FileDType.F16, sf.dtype("v"));
            float[] r = sf.floats("v");
            assertEquals(0f, r[0]);
            assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(r[1]));
            assertEquals(1f, r[2]);
            assertEquals(-2f, r[3]);
            assertEquals(65504f, r[4]);
            assertEquals(1.1920929e-7f, r[5], 1e-10f); // nearest subnormal (2 · 2^-24)
            assertEquals(1f, r[6], "tie rounds to the even mantissa 1.0");
            assertEquals(1f + 4 * halfUlp, r[7], "tie rounds to the even mantissa 1 + 2^-9");
            assertEquals(Float.POSITIVE_INFINITY, r[8]);
            assertTrue(Float.isNaN(r[9]));
            assertEquals(Float.NEGATIVE_INFINITY, r[10]);
            assertTrue(sf.metadata().isEmpty());
        }
        assertEquals(8 + ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getLong()
                + 2L * v.length, Files.size(f));
    }

    @Test
    void bf16RoundTripRoundsToNearestEven() throws IOException {
        float halfUlp = (float) Math.pow(2, -8); // half a bfloat16 ulp at 1.0
        float[] v = {1f, 1f + halfUlp, 1f + 3 * halfUlp, -3.5f, 3.0e38f, Float.NaN, 1e-40f};
        Path f = dir.resolve("b.safetensors");
        SafeTensors.write(f, Map.of("v", new HostTensor(new int[] {v.length}, v)), Map.of(), FileDType.BF16);
        try (SafeTensorsFile sf = SafeTensors.read(f)) {
            assertEquals(FileDType.BF16, sf.dtype("v"));
            float[] r = sf.floats("v");
            assertEquals(1f, r[0]);
            assertEquals(1f, r[1], "tie rounds to even");
            assertEquals(1f + 4 * halfUlp, r[2], "tie rounds to even");
            assertEquals(-3.5f, r[3]);
            assertEquals(3.0e38f, r[4], 3.0e38f / 128);
            assertTrue(Float.isNaN(r[5]));
            assertEquals(Float.intBitsToFloat(0x10000), r[6], "subnormal rounds to the nearest bfloat16");
        }
    }

    @Test
    void replacesAnExistingFileAtomically() throws IOException {
        Path f = dir.resolve("c.safetensors");
        Files.writeString(f, "old");
        SafeTensors.write(f, sample(), null, FileDType.F32);
        assertEquals(4, SafeTensors.readAll(f).size());
    }

    @Test
    void rejectsBadWriteArguments() {
        Path f = dir.resolve("d.safetensors");
        HostTensor t = new HostTensor(new int[] {1}, new float[] {1});
        assertThrows(IllegalArgumentException.class,
                () -> SafeTensors.write(f, Map.of("__metadata__", t), null, FileDType.F32));
        assertThrows(IllegalArgumentException.class, () -> SafeTensors.write(f, Map.of("a", t), null, FileDType.F64));
        assertThrows(IllegalArgumentException.class, () -> new HostTensor(new int[] {2}, new float[3]));
        assertTrue(Files.notExists(f));
    }

    @Test
    void unknownNameIsAnArgumentError() throws IOException {
        Path f = dir.resolve("e.safetensors");
        SafeTensors.write(f, sample(), null, FileDType.F32);
        try (SafeTensorsFile sf = SafeTensors.read(f)) {
            var e = assertThrows(IllegalArgumentException.class, () -> sf.floats("nope"));
            assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("bias"), e.getMessage());
        }
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> SafeTensors.read(dir.resolve("missing.safetensors")));
    }

    /** A file written by scripts/make_torch_fixtures.py (Python, by hand): every readable dtype. */
    @Test
    void readsFilesWrittenByPython() throws IOException {
        Path f = Path.of("src/test/resources/fixtures/safetensors/python_dtypes.safetensors");
        try (SafeTensorsFile sf = SafeTensors.read(f)) {
            assertEquals("nextframe-fixtures", sf.metadata().get("source"));
            assertEquals("1.5", sf.metadata().get("note \"quoted\" é"));
            for (String kind : List.of("f32", "f16", "bf16", "f64", "i64")) {
                float[] expected = sf.floats(kind + "_expected");
                float[] actual = sf.floats(kind);
                assertEquals(FileDType.valueOf(kind.toUpperCase()), sf.dtype(kind));
                assertArrayEquals(sf.shape(kind + "_expected"), sf.shape(kind), kind);
                assertArrayEquals(expected, actual, kind);
            }
            double[] d = sf.doubles("f64");
            assertEquals(1.0 / 3.0, d[1], 0.0, "F64 reads exactly as doubles");
        }
    }
}
