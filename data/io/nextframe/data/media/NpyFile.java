package io.nextframe.data.media;

import io.nextframe.data.DataFormatException;
import io.nextframe.data.InputFiles;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A .npy file (format versions 1.0, 2.0, 3.0), memory-mapped, so files larger than a Java array (the classic
 * Moving MNIST file as float32 is 3.3 GB) are read clip by clip. Element types: little-endian float32 and uint8;
 * uint8 values are divided by 255 when read as floats. Fortran order, big-endian and every other dtype are refused
 * with a {@link DataFormatException} naming the file and the dtype found. The header is capped at
 * {@value #MAX_HEADER} bytes and the shape must match the file's size exactly, both checked before any allocation.
 */
public final class NpyFile {
    /** The largest header accepted; numpy writes under 200 bytes for any realistic shape. */
    public static final int MAX_HEADER = 1 << 16;
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path path;
    private final NpyType type;
    private final long[] shape;
    private final long count;
    private final MemorySegment data;

    private NpyFile(Path path, NpyType type, long[] shape, long count, MemorySegment data) {
        this.path = path;
        this.type = type;
        this.shape = shape;
        this.count = count;
        this.data = data;
    }

    /** Opens and validates {@code file}; the mapping is released when this object is garbage. */
    public static NpyFile open(Path file) throws IOException {
        InputFiles.requireReadableFile(file, "a .npy file");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer pre = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            while (pre.hasRemaining() && ch.read(pre) >= 0) {
                // fill the preamble
            }
            if (pre.position() < 10 || !Arrays.equals(Arrays.copyOf(pre.array(), 6), MAGIC)) {
                throw new DataFormatException(file, "not a .npy file (expected the magic \\x93NUMPY)");
            }
            int major = pre.get(6) & 0xFF;
            long headerLen;
            int preamble;
            if (major == 1) {
                headerLen = pre.getShort(8) & 0xFFFF;
                preamble = 10;
            } else if (major == 2 || major == 3) {
                if (pre.position() < 12) {
                    throw new DataFormatException(file, "truncated .npy preamble");
                }
                headerLen = pre.getInt(8) & 0xFFFFFFFFL;
                preamble = 12;
            } else {
                throw new DataFormatException(file, ".npy format version " + major + "." + (pre.get(7) & 0xFF)
                        + "; expected 1.0, 2.0 or 3.0");
            }
            if (headerLen > MAX_HEADER) {
                throw new DataFormatException(file, ".npy header of " + headerLen + " bytes; at most " + MAX_HEADER
                        + " accepted");
            }
            if (preamble + headerLen > size) {
                throw new DataFormatException(file, ".npy header of " + headerLen + " bytes is longer than the file ("
                        + size + " bytes)");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            ch.position(preamble);
            while (hb.hasRemaining() && ch.read(hb) >= 0) {
                // read the header
            }
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = Header.parse(file, header);
            long offset = preamble + headerLen;
            long need = Math.multiplyHigh(h.count, h.type.bytes()) != 0 ? Long.MAX_VALUE : h.count * h.type.bytes();
            if (need != size - offset) {
                throw new DataFormatException(file, "shape " + Arrays.toString(h.shape) + " of " + h.type + " needs "
                        + need + " data bytes but the file holds " + (size - offset));
            }
            MemorySegment seg = need == 0 ? MemorySegment.NULL
                    : ch.map(FileChannel.MapMode.READ_ONLY, offset, need, Arena.ofAuto());
            return new NpyFile(file, h.type, h.shape, h.count, seg);
        }
    }

    public Path path() {
        return path;
    }

    public NpyType type() {
        return type;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The number of elements. */
    public long count() {
        return count;
    }

    /** Element {@code i} (row-major) as a float; uint8 divided by 255. */
    public float get(long i) {
        return type == NpyType.FLOAT32 ? data.getAtIndex(F32, i) : (data.get(ValueLayout.JAVA_BYTE, i) & 0xFF) / 255f;
    }

    /** Elements [from, from + out.length) as floats. */
    public void read(long from, float[] out) {
        if (from < 0 || from + out.length > count) {
            throw new IndexOutOfBoundsException("NpyFile.read: [" + from + ", " + (from + out.length) + ") of " + count);
        }
        if (type == NpyType.FLOAT32) {
            MemorySegment.copy(data, F32, from * 4, out, 0, out.length);
        } else {
            for (int k = 0; k < out.length; k++) {
                out[k] = (data.get(ValueLayout.JAVA_BYTE, from + k) & 0xFF) / 255f;
            }
        }
    }

    /** All elements as floats (files of at most 2³¹ − 9 elements). */
    public float[] readAll() {
        if (count > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(path, count + " elements do not fit one Java array; read it in parts");
        }
        float[] out = new float[(int) count];
        read(0, out);
        return out;
    }

    @Override
    public String toString() {
        return path + " " + type + Arrays.toString(shape);
    }

    /** The parsed header dictionary. */
    private record Header(NpyType type, long[] shape, long count) {
        private static final Pattern DESCR = Pattern.compile("['\"]descr['\"]\\s*:\\s*['\"]([^'\"]*)['\"]");
        private static final Pattern FORTRAN = Pattern.compile("['\"]fortran_order['\"]\\s*:\\s*(True|False)");
        private static final Pattern SHAPE = Pattern.compile("['\"]shape['\"]\\s*:\\s*\\(([^)]*)\\)");

        static Header parse(Path file, String text) {
            Matcher d = DESCR.matcher(text);
            Matcher f = FORTRAN.matcher(text);
            Matcher s = SHAPE.matcher(text);
            if (!text.trim().startsWith("{") || !d.find() || !f.find() || !s.find()) {
                throw new DataFormatException(file, "malformed .npy header " + abbreviate(text)
                        + "; expected {'descr': …, 'fortran_order': …, 'shape': (…)}");
            }
            NpyType type = NpyType.fromDescr(d.group(1));
            if (type == null) {
                throw new DataFormatException(file, "unsupported .npy dtype '" + d.group(1)
                        + "'; expected float32 ('<f4') or uint8 ('|u1')");
            }
            if (f.group(1).equals("True")) {
                throw new DataFormatException(file, "Fortran-order (column-major) .npy arrays are not supported; "
                        + "expected fortran_order False (save with np.ascontiguousarray)");
            }
            List<Long> dims = new ArrayList<>();
            for (String part : s.group(1).split(",")) {
                String p = part.trim();
                if (p.isEmpty()) {
                    continue;
                }
                if (p.endsWith("L")) {
                    p = p.substring(0, p.length() - 1);
                }
                try {
                    long v = Long.parseLong(p);
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    dims.add(v);
                } catch (NumberFormatException e) {
                    throw new DataFormatException(file, "bad .npy shape (" + s.group(1) + ")");
                }
            }
            if (dims.size() > 8) {
                throw new DataFormatException(file, ".npy rank " + dims.size() + "; at most 8 accepted");
            }
            long[] shape = new long[dims.size()];
            long count = 1;
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i);
                count = shape[i] == 0 ? 0 : (count > Long.MAX_VALUE / shape[i] ? Long.MAX_VALUE : count * shape[i]);
            }
            return new Header(type, shape, count);
        }

        private static String abbreviate(String s) {
            String t = s.strip();
            return "'" + (t.length() > 80 ? t.substring(0, 80) + "…" : t) + "'";
        }
    }
}
