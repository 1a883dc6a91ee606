package io.nextframe.data;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;

import java.util.Arrays;

/**
 * One sequence of frames as a dense float array in (T, C, H, W) row-major order, values normally in [0, 1].
 * The array is owned by the clip; generators hand out fresh clips, so callers may modify {@link #data()}.
 */
public final class Clip {
    private final int frames;
    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    public Clip(int frames, int channels, int height, int width, float[] data) {
        if (frames <= 0 || channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException("Clip: dimensions must be positive, got (T,C,H,W) = ("
                    + frames + ", " + channels + ", " + height + ", " + width + ")");
        }
        long n = (long) frames * channels * height * width;
        if (data.length != n) {
            throw new IllegalArgumentException("Clip: " + data.length + " values for (T,C,H,W) = (" + frames + ", "
                    + channels + ", " + height + ", " + width + "), expected " + n);
        }
        this.frames = frames;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** A zero-filled clip. */
    public static Clip zeros(int frames, int channels, int height, int width) {
        return new Clip(frames, channels, height, width, new float[Math.multiplyExact(
                Math.multiplyExact(frames, channels), Math.multiplyExact(height, width))]);
    }

    /** A clip from a (T, C, H, W) or (T, H, W) tensor on any backend (e.g. a model's predicted frames). */
    public static Clip of(Tensor t) {
        int[] d = t.shape().dims();
        return switch (d.length) {
            case 3 -> new Clip(d[0], 1, d[1], d[2], t.toFloatArray());
            case 4 -> new Clip(d[0], d[1], d[2], d[3], t.toFloatArray());
            default -> throw new IllegalArgumentException("Clip.of: a tensor of shape " + t.shape()
                    + "; expected (T, C, H, W) or (T, H, W)");
        };
    }

    public int frames() {
        return frames;
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** The (T, C, H, W) values; the clip's own array. */
    public float[] data() {
        return data;
    }

    public int frameSize() {
        return channels * height * width;
    }

    public int index(int t, int c, int y, int x) {
        return ((t * channels + c) * height + y) * width + x;
    }

    public float get(int t, int c, int y, int x) {
        return data[index(t, c, y, x)];
    }

    /** A copy of frame t as (C, H, W). */
    public float[] frame(int t) {
        int fs = frameSize();
        return Arrays.copyOfRange(data, t * fs, (t + 1) * fs);
    }

    /** Frames [from, to) as a new clip. */
    public Clip frames(int from, int to) {
        if (from < 0 || to > frames || from >= to) {
            throw new IllegalArgumentException("Clip.frames: range [" + from + ", " + to + ") of " + frames + " frames");
        }
        int fs = frameSize();
        return new Clip(to - from, channels, height, width, Arrays.copyOfRange(data, from * fs, to * fs));
    }

    public Shape shape() {
        return Shape.of(frames, channels, height, width);
    }

    /** The clip as a (T, C, H, W) float32 tensor on {@code backend}. */
    public Tensor toTensor(Backend backend) {
        return backend.fromFloats(shape(), data);
    }

    @Override
    public String toString() {
        return "Clip(T=" + frames + ", C=" + channels + ", H=" + height + ", W=" + width + ")";
    }
}
