package io.nextframe.core.io;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * An open safetensors file whose header has been validated ({@link SafeTensorsHeader}). Tensor data is streamed
 * from the file on request, in bounded chunks, and converted to float32 (or float64); nothing but the header is held
 * in memory. Reads are positional, so several threads may read tensors of one file at once. Close it to release
 * the file handle.
 */
public final class SafeTensorsFile implements AutoCloseable {
    /** Bytes converted per read: large enough to stream fast, small enough to never matter for memory. */
    private static final int CHUNK = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final SafeTensorsHeader header;

    SafeTensorsFile(Path path, FileChannel channel, long dataStart, SafeTensorsHeader header) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.header = header;
    }

    public Path path() {
        return path;
    }

    /** The {@code __metadata__} map (empty if the file has none), in file order. */
    public Map<String, String> metadata() {
        return header.metadata();
    }

    /** Tensor names in file order. */
    public List<String> names() {
        return new ArrayList<>(header.tensors().keySet());
    }

    public boolean contains(String name) {
        return header.tensors().containsKey(name);
    }

    public TensorEntry entry(String name) {
        TensorEntry e = header.tensors().get(name);
        if (e == null) {
            throw new IllegalArgumentException(path + ": no tensor named \"" + name + "\"; the file holds "
                    + abbreviatedNames());
        }
        return e;
    }

    public int[] shape(String name) {
        return entry(name).shape();
    }

    public FileDType dtype(String name) {
        return entry(name).dtype();
    }

    /** The values of {@code name} converted to float32, row-major. */
    public float[] floats(String name) throws IOException {
        TensorEntry e = entry(name);
        float[] out = new float[arrayLength(e)];
        int[] next = {0};
        stream(e, buf -> {
            int n = buf.remaining() / e.dtype().byteSize();
            int o = next[0];
            switch (e.dtype()) {
                case F32 -> buf.asFloatBuffer().get(out, o, n);
                case F16 -> {
                    for (int i = 0; i < n; i++) {
                        out[o + i] = HalfFloats.fromF16(buf.getShort(buf.position() + 2 * i));
                    }
                }
                case BF16 -> {
                    for (int i = 0; i < n; i++) {
                        out[o + i] = HalfFloats.fromBF16(buf.getShort(buf.position() + 2 * i));
                    }
                }
                case F64 -> {
                    for (int i = 0; i < n; i++) {
                        out[o + i] = (float) buf.getDouble(buf.position() + 8 * i);
                    }
                }
                case I64 -> {
                    for (int i = 0; i < n; i++) {
                        out[o + i] = (float) buf.getLong(buf.position() + 8 * i);
                    }
                }
            }
            next[0] = o + n;
        });
        return out;
    }

    /** The values of {@code name} as doubles: exact for F64 (and every other dtype but large I64 values). */
    public double[] doubles(String name) throws IOException {
        TensorEntry e = entry(name);
        if (e.dtype() != FileDType.F64) {
            float[] f = floats(name);
            double[] d = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                d[i] = f[i];
            }
            return d;
        }
        double[] out = new double[arrayLength(e)];
        int[] next = {0};
        stream(e, buf -> {
            int n = buf.remaining() / 8;
            buf.asDoubleBuffer().get(out, next[0], n);
            next[0] += n;
        });
        return out;
    }

    /** The tensor as a heap copy with its shape. */
    public HostTensor host(String name) throws IOException {
        return new HostTensor(shape(name), floats(name));
    }

    /** The tensor as a new float32 tensor on {@code backend} (owned by the caller, or its current scope). */
    public Tensor tensor(String name, Backend backend) throws IOException {
        return tensor(name, backend, DType.F32);
    }

    /** As {@link #tensor(String, Backend)} with the in-memory dtype chosen (F64 is exact for F64 data). */
    public Tensor tensor(String name, Backend backend, DType dtype) throws IOException {
        int[] s = shape(name);
        for (int d : s) {
            if (d == 0) {
                throw new IllegalArgumentException(path + ": tensor \"" + name + "\" has the empty shape "
                        + Arrays.toString(s) + ", which a backend tensor cannot hold");
            }
        }
        Shape shape = Shape.of(s);
        return dtype == DType.F64 ? backend.fromDoubles(shape, doubles(name)) : backend.fromFloats(shape, floats(name));
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private int arrayLength(TensorEntry e) throws ModelFormatException {
        if (e.elements() > Integer.MAX_VALUE - 8) {
            throw new ModelFormatException(path, "tensor \"" + e.name() + "\" has " + e.elements()
                    + " elements, more than one Java array holds");
        }
        return (int) e.elements();
    }

    private interface ChunkConsumer {
        void accept(ByteBuffer littleEndianChunk);
    }

    /** Hands the tensor's bytes to {@code consumer} in chunks of whole elements. */
    private void stream(TensorEntry e, ChunkConsumer consumer) throws IOException {
        long size = e.byteSize();
        int element = e.dtype().byteSize();
        int chunk = (int) Math.min(size, CHUNK - CHUNK % element);
        ByteBuffer buf = ByteBuffer.allocate(Math.max(chunk, 0)).order(ByteOrder.LITTLE_ENDIAN);
        long done = 0;
        while (done < size) {
            int n = (int) Math.min(chunk, size - done);
            buf.clear().limit(n);
            long at = dataStart + e.begin() + done;
            while (buf.hasRemaining()) {
                int r = channel.read(buf, at + buf.position());
                if (r < 0) {
                    throw new ModelFormatException(path, "the file ended inside tensor \"" + e.name()
                            + "\" (was it truncated after it was opened?)");
                }
            }
            buf.flip();
            consumer.accept(buf);
            done += n;
        }
    }

    private String abbreviatedNames() {
        List<String> n = names();
        return n.size() <= 10 ? n.toString() : n.subList(0, 10) + " and " + (n.size() - 10) + " more";
    }

    @Override
    public String toString() {
        return "SafeTensorsFile[" + path + ", " + header.tensors().size() + " tensors]";
    }
}
