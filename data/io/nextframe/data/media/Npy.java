package io.nextframe.data.media;

import io.nextframe.data.AtomicFiles;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Writes .npy files (format 1.0, C order, little-endian) that numpy's {@code np.load} reads unchanged. float32 is
 * written as is; uint8 as round(clamp(v, 0, 1)·255). Every file goes to a temporary name and is renamed, so an
 * error leaves no half-written file.
 */
public final class Npy {
    private Npy() {
    }

    /** Writes {@code data} with {@code shape} (row-major). */
    public static void write(Path file, int[] shape, float[] data, NpyType type) throws IOException {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("Npy.write: negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("Npy.write: " + data.length + " values for shape "
                    + Arrays.toString(shape) + ", expected " + n);
        }
        AtomicFiles.write(file, out -> {
            out.write(header(shape, type));
            writeValues(out, data, type);
        });
    }

    /**
     * Writes one clip as (T, C, H, W), or as (T, H, W) when it has one channel and {@code squeezeChannel}.
     */
    public static void writeClip(Path file, Clip clip, NpyType type, boolean squeezeChannel) throws IOException {
        int[] shape = squeezeChannel && clip.channels() == 1
                ? new int[] {clip.frames(), clip.height(), clip.width()}
                : new int[] {clip.frames(), clip.channels(), clip.height(), clip.width()};
        write(file, shape, clip.data(), type);
    }

    /**
     * Writes clips [0, count) of {@code source} as one (N, T, C, H, W) array, clip by clip (the array need not fit
     * in memory): how a fixed held-out test set is put on disk.
     */
    public static void writeClips(Path file, ClipSource source, long count, NpyType type) throws IOException {
        if (count <= 0 || count > source.size() || count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Npy.writeClips: count " + count + " of a source holding "
                    + source.size());
        }
        int[] shape = {(int) count, source.frames(), source.channels(), source.height(), source.width()};
        AtomicFiles.write(file, out -> {
            out.write(header(shape, type));
            for (long i = 0; i < count; i++) {
                Clip c = source.clip(i);
                if (c.frames() != shape[1] || c.channels() != shape[2] || c.height() != shape[3]
                        || c.width() != shape[4]) {
                    throw new IllegalStateException("Npy.writeClips: clip " + i + " is " + c + ", expected (T,C,H,W) = "
                            + Arrays.toString(Arrays.copyOfRange(shape, 1, 5)));
                }
                writeValues(out, c.data(), type);
            }
        });
    }

    /** The magic, version 1.0, header length and the dictionary padded so the data starts at a multiple of 64. */
    static byte[] header(int[] shape, NpyType type) {
        StringBuilder dims = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            dims.append(shape[i]).append(shape.length == 1 ? "," : i + 1 < shape.length ? ", " : "");
        }
        String dict = "{'descr': '" + type.descr() + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        String text = dict + " ".repeat(padded - total) + "\n";
        byte[] h = text.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(10 + h.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) h.length).put(h);
        return b.array();
    }

    private static void writeValues(OutputStream out, float[] data, NpyType type) throws IOException {
        int chunk = 1 << 14;
        ByteBuffer buf = ByteBuffer.allocate(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int from = 0; from < data.length; from += chunk) {
            int to = Math.min(data.length, from + chunk);
            buf.clear();
            for (int i = from; i < to; i++) {
                if (type == NpyType.FLOAT32) {
                    buf.putFloat(data[i]);
                } else {
                    float v = data[i];
                    buf.put((byte) Math.round((v > 1 ? 1 : v > 0 ? v : 0) * 255f));
                }
            }
            out.write(buf.array(), 0, buf.position());
        }
    }
}
