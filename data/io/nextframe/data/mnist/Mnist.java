package io.nextframe.data.mnist;

import io.nextframe.data.DataFormatException;
import io.nextframe.data.Resize;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * MNIST images with their labels, as unsigned bytes. {@link #bundled(Split)} loads the 10,000-digit subset shipped
 * with the project (see data/io/nextframe/data/mnist/README.md); {@link #load(Path, Path)} reads any IDX pair, e.g.
 * the full 60k/10k MNIST files.
 */
public final class Mnist {
    /** The two halves of the bundled subset: 8,000 training and 2,000 test digits. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    private final byte[] pixels;
    private final byte[] labels;
    private final int count;
    private final int rows;
    private final int cols;
    private final java.util.Map<Integer, Digits> resized = new java.util.concurrent.ConcurrentHashMap<>();

    private Mnist(byte[] pixels, byte[] labels, int count, int rows, int cols) {
        this.pixels = pixels;
        this.labels = labels;
        this.count = count;
        this.rows = rows;
        this.cols = cols;
    }

    /** Builds a set from IDX arrays: images (N, rows, cols), labels (N). */
    public static Mnist of(IdxFile images, IdxFile labels, String name) {
        if (images.dims().length != 3) {
            throw new DataFormatException(name, "images have dims " + Arrays.toString(images.dims())
                    + "; expected (N, rows, cols)");
        }
        if (labels.dims().length != 1 || labels.dims()[0] != images.dims()[0]) {
            throw new DataFormatException(name, "labels have dims " + Arrays.toString(labels.dims())
                    + "; expected (" + images.dims()[0] + ") to match the images");
        }
        for (int i = 0; i < labels.data().length; i++) {
            if ((labels.data()[i] & 0xFF) > 9) {
                throw new DataFormatException(name, "label " + (labels.data()[i] & 0xFF) + " at " + i
                        + "; expected 0 to 9");
            }
        }
        int[] d = images.dims();
        return new Mnist(images.data(), labels.data(), d[0], d[1], d[2]);
    }

    /** Reads an image file and a label file in IDX format (gzipped or not). */
    public static Mnist load(Path images, Path labels) throws IOException {
        return of(IdxFile.read(images), IdxFile.read(labels), images + " + " + labels);
    }

    /** The bundled subset, read from the class path. */
    public static Mnist bundled(Split split) {
        return Cache.get(split);
    }

    private static final class Cache {
        private static final Mnist[] SETS = new Mnist[2];

        static synchronized Mnist get(Split split) {
            Mnist m = SETS[split.ordinal()];
            if (m == null) {
                m = of(resource(split.prefix + "-images-idx3-ubyte.gz"),
                        resource(split.prefix + "-labels-idx1-ubyte.gz"), "bundled MNIST " + split);
                SETS[split.ordinal()] = m;
            }
            return m;
        }

        private static IdxFile resource(String name) {
            try (InputStream in = Mnist.class.getResourceAsStream(name)) {
                if (in == null) {
                    throw new IllegalStateException("bundled MNIST resource io/nextframe/data/mnist/" + name
                            + " is missing from the class path");
                }
                return IdxFile.read(in, "classpath:io/nextframe/data/mnist/" + name, -1);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public int size() {
        return count;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int label(int i) {
        return labels[checkIndex(i)] & 0xFF;
    }

    /** Image i as floats in [0, 1] (byte / 255), rows × cols. */
    public float[] image(int i) {
        checkIndex(i);
        int n = rows * cols;
        float[] out = new float[n];
        for (int p = 0; p < n; p++) {
            out[p] = (pixels[i * n + p] & 0xFF) / 255f;
        }
        return out;
    }

    /** The raw byte of pixel (y, x) of image i. */
    public int pixel(int i, int y, int x) {
        return pixels[(checkIndex(i) * rows + y) * cols + x] & 0xFF;
    }

    /** Image i resized to side × side (bilinear, half-pixel centres) and rounded to multiples of 1/255. */
    public float[] image(int i, int side) {
        float[] src = image(i);
        if (side == rows && side == cols) {
            return src;
        }
        float[] out = Resize.bilinear(src, 1, rows, cols, side, side);
        for (int p = 0; p < out.length; p++) {
            out[p] = Math.round(Math.clamp(out[p], 0f, 1f) * 255f) / 255f;
        }
        return out;
    }

    /** Digits resized once to {@code side} × {@code side} (computed on first use, then shared). */
    public Digits digits(int side) {
        if (side <= 0 || side > 1024) {
            throw new IllegalArgumentException("Mnist.digits: side " + side + "; expected 1 … 1024");
        }
        return resized.computeIfAbsent(side, this::resize);
    }

    private Digits resize(int side) {
        float[][] images = new float[count][];
        int[] labelInts = new int[count];
        for (int i = 0; i < count; i++) {
            images[i] = image(i, side);
            labelInts[i] = label(i);
        }
        return new Digits(side, images, labelInts);
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("MNIST image " + i + " of " + count);
        }
        return i;
    }
}
