package io.nextframe.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every way a safetensors file can lie is refused with a {@link ModelFormatException} naming the file. */
class SafeTensorsCorruptionTest {
    @TempDir
    Path dir;

    private Path file(long headerLength, byte[] header, int dataBytes) throws IOException {
        Path f = dir.resolve("bad.safetensors");
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(header);
        Files.write(f, b.array());
        return f;
    }

    private Path file(String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return file(h.length, h, dataBytes);
    }

    private static String one(String dtype, String shape, String offsets) {
        return "{\"w\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":" + offsets + "}}";
    }

    private void rejects(Path f, String problem) throws IOException {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> {
            try (SafeTensorsFile sf = SafeTensors.read(f)) {
                for (String n : sf.names()) {
                    sf.floats(n);
                }
            }
        });
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(problem), "expected '" + problem + "' in: " + e.getMessage());
    }

    @Test
    void validBaseline() throws IOException {
        try (SafeTensorsFile sf = SafeTensors.read(file(one("F32", "[2,2]", "[0,16]"), 16))) {
            assertTrue(sf.floats("w").length == 4);
        }
    }

    @Test
    void tooShortForTheLengthPrefix() throws IOException {
        Path f = dir.resolve("tiny.safetensors");
        Files.write(f, new byte[] {1, 2, 3});
        rejects(f, "shorter than the 8-byte header length");
        Files.write(f, new byte[0]);
        rejects(f, "shorter than the 8-byte header length");
    }

    @Test
    void headerLengthBeyondTheFile() throws IOException {
        byte[] h = "{}".getBytes(StandardCharsets.UTF_8);
        rejects(file(3, h, 0), "does not fit the file");
        rejects(file(-1, h, 0), "18446744073709551615 does not fit the file");
        rejects(file(Long.MAX_VALUE, h, 0), "does not fit the file");
        rejects(file(0, h, 0), "does not fit the file");
    }

    @Test
    void headerLengthAboveTheLimit() throws IOException {
        Path f = dir.resolve("sparse.safetensors");
        try (var ch = java.nio.channels.FileChannel.open(f, java.nio.file.StandardOpenOption.CREATE_NEW,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.StandardOpenOption.SPARSE)) {
            ch.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 200_000_000L));
            ch.write(ByteBuffer.wrap(new byte[] {' '}), 200_000_010L); // file long enough to hold the header
        }
        rejects(f, "exceeds the limit");
    }

    @Test
    void invalidJson() throws IOException {
        rejects(file("{\"w\":", 0), "not valid JSON");
        rejects(file("{\"a\":1,}", 0), "not valid JSON");
        rejects(file("{\"a\":01}", 0), "leading zero");
        rejects(file("{} x", 0), "unexpected content after the value");
        rejects(file("{\"a\":\"\u0001\"}", 0), "control character");
        rejects(file("{\"a\":\"\\ud800\"}", 0), "lone high surrogate");
        rejects(file("{\"a\":{},\"a\":{}}", 0), "duplicate key");
        rejects(file("[1,2]", 0), "not a JSON object");
        rejects(file("{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}", 0), "nesting deeper");
        rejects(file("{\"a\": tru}", 0), "expected true");
        // a long run of tiny values would parse into a tree far larger than the text: refused by count
        rejects(file("{\"a\":[" + "0,".repeat(1_100_000) + "0]}", 0), "more than 1000000 values");
    }

    @Test
    void invalidUtf8() throws IOException {
        byte[] h = {'{', '"', (byte) 0xC3, '"', ':', '1', '}', ' '};
        rejects(file(h.length, h, 0), "not valid UTF-8");
    }

    @Test
    void unknownOrMalformedDtype() throws IOException {
        rejects(file(one("Q4", "[1]", "[0,4]"), 4), "unsupported dtype \"Q4\"");
        rejects(file(one("f32", "[1]", "[0,4]"), 4), "unsupported dtype");
        rejects(file("{\"w\":{\"dtype\":3,\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "\"dtype\" must be a string");
        rejects(file("{\"w\":{\"shape\":[1],\"data_offsets\":[0,4]}}", 4), "\"dtype\" must be a string, found nothing");
    }

    @Test
    void malformedEntries() throws IOException {
        rejects(file("{\"w\":[1]}", 0), "expected an object");
        rejects(file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4), "unknown field");
        rejects(file(one("F32", "\"1\"", "[0,4]"), 4), "\"shape\" must be an array");
        rejects(file(one("F32", "[1.5]", "[0,4]"), 4), "not an integer");
        rejects(file(one("F32", "[1e2]", "[0,400]"), 400), "not an integer");
        rejects(file(one("F32", "[1]", "[0,4,8]"), 8), "at most 2 allowed");
        rejects(file(one("F32", "[1]", "[4]"), 8), "must hold 2 numbers");
        rejects(file(one("F32", "[" + "1,".repeat(20) + "1]", "[0,4]"), 4), "at most 16 allowed");
        rejects(file(one("F32", "[99999999999999999999999]", "[0,4]"), 4), "not an integer in the 64-bit range");
    }

    @Test
    void negativeOrHugeShape() throws IOException {
        rejects(file(one("F32", "[-1]", "[0,4]"), 4), "dimension 0 of the shape is -1");
        rejects(file(one("F32", "[4294967296]", "[0,4]"), 4), "dimension 0 of the shape is 4294967296");
        rejects(file(one("F32", "[2147483647,2147483647,2147483647]", "[0,4]"), 4), "too large");
    }

    @Test
    void byteSizeDisagreesWithShape() throws IOException {
        rejects(file(one("F32", "[2,2]", "[0,12]"), 16), "needs 16 bytes");
        rejects(file(one("F16", "[3]", "[0,12]"), 12), "needs 6 bytes");
        rejects(file(one("F32", "[]", "[0,8]"), 8), "needs 4 bytes");
    }

    @Test
    void offsetsOutOfOrderOrOutsideTheData() throws IOException {
        rejects(file(one("F32", "[0]", "[8,4]"), 8), "0 ≤ begin ≤ end");
        rejects(file(one("F32", "[1]", "[-4,0]"), 8), "0 ≤ begin ≤ end");
        rejects(file(one("F32", "[2]", "[8,16]"), 12), "beyond the data region");
    }

    @Test
    void dataShorterThanDeclared() throws IOException {
        rejects(file(one("F32", "[4]", "[0,16]"), 15), "beyond the data region of 15 bytes");
    }

    @Test
    void overlappingTensors() throws IOException {
        String h = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
        rejects(file(h, 12), "overlap");
    }

    @Test
    void badMetadata() throws IOException {
        rejects(file("{\"__metadata__\":{\"a\":1}}", 0), "must be a string");
        rejects(file("{\"__metadata__\":{\"a\":{\"b\":\"c\"}}}", 0), "must be a string");
        rejects(file("{\"__metadata__\":[\"a\"]}", 0), "must be an object of strings");
    }

    @Test
    void truncatedAtEveryLength() throws IOException {
        Path good = dir.resolve("good.safetensors");
        SafeTensors.write(good, java.util.Map.of("w", new HostTensor(new int[] {5}, new float[5])), null,
                FileDType.F32);
        byte[] all = Files.readAllBytes(good);
        for (int len = 0; len < all.length; len++) {
            Path f = dir.resolve("cut.safetensors");
            Files.write(f, java.util.Arrays.copyOf(all, len));
            assertThrows(ModelFormatException.class, () -> SafeTensors.read(f).close(), "length " + len);
        }
    }
}
