package io.nextframe.core.io;

import io.nextframe.core.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * {@code {"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, …, "__metadata__": {…}}}, then the
 * raw little-endian tensor data, offsets relative to its start. Python's {@code safetensors} reads what this writes
 * and the other way round.
 *
 * <p>Errors: any malformed or truncated file raises {@link ModelFormatException} (an {@link IOException}) naming
 * the file and the problem, before any tensor memory is allocated; a missing file raises
 * {@link NoSuchFileException}. Invalid arguments to {@link #write} (a name that is {@code __metadata__}, an unwritable
 * dtype) raise {@link IllegalArgumentException}.
 */
public final class SafeTensors {
    private SafeTensors() {
    }

    /** Opens {@code file} and validates its header; the caller closes the result. */
    public static SafeTensorsFile read(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long fileSize = ch.size();
            if (fileSize < 8) {
                throw new ModelFormatException(file, "not a safetensors file: " + fileSize
                        + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer prefix = ByteBuffer.allocate(8);
            readFully(file, ch, prefix, 0);
            long n = SafeTensorsHeader.headerLength(prefix);
            if (n < 2 || n > fileSize - 8) {
                throw new ModelFormatException(file, "header length " + Long.toUnsignedString(n) + " does not fit "
                        + "the file of " + fileSize + " bytes (expected 2 … " + (fileSize - 8) + ")");
            }
            if (n > SafeTensorsHeader.MAX_HEADER_BYTES) {
                throw new ModelFormatException(file, "header length " + n + " exceeds the limit of "
                        + SafeTensorsHeader.MAX_HEADER_BYTES + " bytes");
            }
            ByteBuffer headerBytes = ByteBuffer.allocate((int) n);
            readFully(file, ch, headerBytes, 8);
            headerBytes.flip();
            SafeTensorsHeader header = SafeTensorsHeader.parse(file, headerBytes, fileSize - 8 - n);
            return new SafeTensorsFile(file, ch, 8 + n, header);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Reads every tensor of {@code file} to the heap, in file order. */
    public static Map<String, HostTensor> readAll(Path file) throws IOException {
        try (SafeTensorsFile f = read(file)) {
            Map<String, HostTensor> out = new LinkedHashMap<>();
            for (String name : f.names()) {
                out.put(name, f.host(name));
            }
            return out;
        }
    }

    /**
     * Writes {@code tensors} (in name order) and {@code metadata} to {@code file} atomically (temp file, fsync,
     * rename), stored as {@code storage}: F32, or F16 / BF16 rounded to nearest even.
     */
    public static void write(Path file, Map<String, HostTensor> tensors, Map<String, String> metadata,
                             FileDType storage) throws IOException {
        if (!storage.writable()) {
            throw new IllegalArgumentException("safetensors write: storage dtype " + storage
                    + " is not writable; use F32, F16 or BF16");
        }
        Map<String, HostTensor> sorted = new TreeMap<>(tensors);
        if (sorted.containsKey(SafeTensorsHeader.METADATA_KEY)) {
            throw new IllegalArgumentException("safetensors write: a tensor may not be named "
                    + SafeTensorsHeader.METADATA_KEY);
        }
        byte[] header = headerJson(sorted, metadata == null ? Map.of() : metadata, storage);
        AtomicFiles.write(file, ch -> {
            ByteBuffer prefix = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, header.length);
            writeFully(ch, prefix);
            writeFully(ch, ByteBuffer.wrap(header));
            for (HostTensor t : sorted.values()) {
                writeData(ch, t.data(), storage);
            }
        });
    }

    /** Writes backend tensors (downloaded first) as {@link #write(Path, Map, Map, FileDType)}. */
    public static void writeTensors(Path file, Map<String, Tensor> tensors, Map<String, String> metadata,
                                    FileDType storage) throws IOException {
        Map<String, HostTensor> host = new LinkedHashMap<>();
        tensors.forEach((k, v) -> host.put(k, HostTensor.of(v)));
        write(file, host, metadata, storage);
    }

    /** The header JSON, padded with spaces to a multiple of 8 bytes so the data starts aligned. */
    private static byte[] headerJson(Map<String, HostTensor> tensors, Map<String, String> metadata,
                                     FileDType storage) {
        StringBuilder sb = new StringBuilder("{");
        if (!metadata.isEmpty()) {
            sb.append(Json.quote(SafeTensorsHeader.METADATA_KEY)).append(":{");
            boolean first = true;
            for (Map.Entry<String, String> e : new TreeMap<>(metadata).entrySet()) {
                sb.append(first ? "" : ",").append(checkedQuote(e.getKey())).append(':')
                        .append(checkedQuote(e.getValue()));
                first = false;
            }
            sb.append('}');
        }
        long offset = 0;
        for (Map.Entry<String, HostTensor> e : tensors.entrySet()) {
            long bytes = (long) e.getValue().data().length * storage.byteSize();
            sb.append(sb.length() > 1 ? "," : "").append(checkedQuote(e.getKey())).append(":{\"dtype\":\"")
                    .append(storage.code()).append("\",\"shape\":[");
            int[] shape = e.getValue().shape();
            for (int i = 0; i < shape.length; i++) {
                sb.append(i > 0 ? "," : "").append(shape[i]);
            }
            sb.append("],\"data_offsets\":[").append(offset).append(',').append(offset + bytes).append("]}");
            offset += bytes;
        }
        sb.append('}');
        byte[] raw = sb.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (raw.length + 7) & ~7;
        byte[] out = new byte[padded];
        System.arraycopy(raw, 0, out, 0, raw.length);
        for (int i = raw.length; i < padded; i++) {
            out[i] = ' ';
        }
        return out;
    }

    /** Quotes a name or metadata string, refusing text that UTF-8 cannot encode (a lone surrogate). */
    private static String checkedQuote(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("safetensors write: string \"" + s
                        + "\" holds a lone surrogate, which UTF-8 cannot encode");
            }
        }
        return Json.quote(s);
    }

    private static void writeData(FileChannel ch, float[] data, FileDType storage) throws IOException {
        int per = storage.byteSize();
        int chunkElements = 1 << 18;
        ByteBuffer buf = ByteBuffer.allocate(chunkElements * per).order(ByteOrder.LITTLE_ENDIAN);
        for (int start = 0; start < data.length; start += chunkElements) {
            int n = Math.min(chunkElements, data.length - start);
            buf.clear();
            switch (storage) {
                case F32 -> buf.asFloatBuffer().put(data, start, n);
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        buf.putShort(2 * i, HalfFloats.toF16(data[start + i]));
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < n; i++) {
                        buf.putShort(2 * i, HalfFloats.toBF16(data[start + i]));
                    }
                }
                default -> throw new IllegalStateException("unwritable dtype " + storage);
            }
            buf.limit(n * per);
            writeFully(ch, buf);
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) {
            ch.write(buf);
        }
    }

    private static void readFully(Path file, FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, position + buf.position());
            if (r < 0) {
                throw new ModelFormatException(file, "the file ended early (truncated while being read?)");
            }
        }
    }
}
