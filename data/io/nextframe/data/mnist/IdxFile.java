package io.nextframe.data.mnist;

import io.nextframe.data.AtomicFiles;
import io.nextframe.data.DataFormatException;
import io.nextframe.data.InputFiles;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The IDX format of the MNIST files: two zero bytes, a type byte (0x08 = unsigned byte, the only type MNIST
 * uses and the only one read here), the rank, then rank big-endian int32 dimensions and the data. Files may be
 * gzipped (detected by the gzip magic, whatever the file name).
 *
 * @param dims the dimensions, e.g. (60000, 28, 28) for images or (60000) for labels
 * @param data the bytes, row-major
 */
public record IdxFile(int[] dims, byte[] data) {
    /** Larger ranks are not IDX files that anyone writes; the cap stops a corrupt header early. */
    public static final int MAX_RANK = 4;
    /** The most elements read into one byte array. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    public IdxFile {
        long n = count(dims);
        if (n != data.length) {
            throw new IllegalArgumentException("IdxFile: " + data.length + " bytes for dims " + Arrays.toString(dims));
        }
    }

    private static long count(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("IdxFile: negative dimension in " + Arrays.toString(dims));
            }
            n *= d;
            if (n > MAX_ELEMENTS) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /** Reads an unsigned-byte IDX file, gzipped or not. */
    public static IdxFile read(Path file) throws IOException {
        InputFiles.requireReadableFile(file, "an IDX file");
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), Files.size(file));
        }
    }

    /**
     * Reads from a stream; {@code name} names it in errors; {@code compressedSize} is the stream's length in
     * bytes (or −1 if unknown), used to refuse headers that promise more data than a file could hold.
     */
    public static IdxFile read(InputStream raw, String name, long compressedSize) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(raw, 1 << 16);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        try {
            InputStream in = gzip ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered;
            DataInputStream data = new DataInputStream(in);
            int magic = data.readInt();
            if ((magic & 0xFFFF0000) != 0 || (magic >>> 8 & 0xFF) != 0x08) {
                throw new DataFormatException(name, String.format(
                        "bad IDX magic 0x%08X; expected 0x000008NN (unsigned bytes, NN = rank)", magic));
            }
            int rank = magic & 0xFF;
            if (rank < 1 || rank > MAX_RANK) {
                throw new DataFormatException(name, "IDX rank " + rank + "; expected 1 to " + MAX_RANK);
            }
            int[] dims = new int[rank];
            for (int i = 0; i < rank; i++) {
                dims[i] = data.readInt();
                if (dims[i] < 0) {
                    throw new DataFormatException(name, "IDX dimension " + i + " is negative (" + dims[i] + ")");
                }
            }
            long n = count(dims);
            if (n > MAX_ELEMENTS) {
                throw new DataFormatException(name, "IDX dims " + Arrays.toString(dims) + " hold more than "
                        + MAX_ELEMENTS + " bytes");
            }
            // An uncompressed file must hold the whole payload; a gzip stream expands at most ~1032:1 (deflate's limit).
            long available = compressedSize < 0 ? Long.MAX_VALUE
                    : gzip ? compressedSize * 1032L : compressedSize - 4L - 4L * rank;
            if (n > available) {
                throw new DataFormatException(name, "IDX dims " + Arrays.toString(dims) + " need " + n
                        + " data bytes but the file holds at most " + available);
            }
            byte[] bytes = new byte[(int) n];
            data.readFully(bytes);
            return new IdxFile(dims, bytes);
        } catch (EOFException e) {
            throw new DataFormatException(name, "IDX file ends before its header's sizes are filled");
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(name, "corrupt gzip data (" + e.getMessage() + "); expected a gzipped IDX file");
        }
    }

    /** Writes this array as IDX, gzipped when {@code gzip}; atomically. */
    public void write(Path file, boolean gzip) throws IOException {
        AtomicFiles.write(file, os -> {
            GZIPOutputStream z = gzip ? new GZIPOutputStream(os, 1 << 16) : null;
            DataOutputStream out = new DataOutputStream(z != null ? z : os);
            out.writeInt(0x0800 | dims.length);
            for (int d : dims) {
                out.writeInt(d);
            }
            out.write(data);
            out.flush();
            if (z != null) {
                z.finish();
            }
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxFile f && Arrays.equals(dims, f.dims) && Arrays.equals(data, f.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "IdxFile" + Arrays.toString(dims);
    }
}
