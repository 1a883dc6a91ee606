package io.nextframe.data.pipeline;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.data.Clip;

import java.util.Arrays;

/**
 * Clips of one shape stacked as (N, T, C, H, W) floats, with the source indices they came from and the loader
 * step that produced them.
 */
public final class Batch {
    private final long step;
    private final long[] indices;
    private final int frames;
    private final int channels;
    private final int height;
    private final int width;
    private final float[] data;

    Batch(long step, long[] indices, int frames, int channels, int height, int width, float[] data) {
        this.step = step;
        this.indices = indices;
        this.frames = frames;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.data = data;
    }

    /** Stacks {@code clips} (all of one shape). */
    public static Batch of(long step, long[] indices, Clip[] clips) {
        Clip first = clips[0];
        int per = first.data().length;
        float[] data = new float[Math.multiplyExact(per, clips.length)];
        for (int i = 0; i < clips.length; i++) {
            Clip c = clips[i];
            if (c.frames() != first.frames() || c.channels() != first.channels() || c.height() != first.height()
                    || c.width() != first.width()) {
                throw new IllegalArgumentException("Batch: clip " + indices[i] + " is " + c + " but clip "
                        + indices[0] + " is " + first + "; a batch needs one shape");
            }
            System.arraycopy(c.data(), 0, data, i * per, per);
        }
        return new Batch(step, indices, first.frames(), first.channels(), first.height(), first.width(), data);
    }

    /** The loader step (0, 1, 2, …) this batch was produced at. */
    public long step() {
        return step;
    }

    /** The source index of each clip. */
    public long[] indices() {
        return indices.clone();
    }

    public int size() {
        return indices.length;
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

    /** The (N, T, C, H, W) values; the batch's own array. */
    public float[] data() {
        return data;
    }

    /** Clip i as a copy. */
    public Clip clip(int i) {
        int per = frames * channels * height * width;
        return new Clip(frames, channels, height, width, Arrays.copyOfRange(data, i * per, (i + 1) * per));
    }

    public Shape shape() {
        return Shape.of(indices.length, frames, channels, height, width);
    }

    /** The batch as an (N, T, C, H, W) float32 tensor on {@code backend}. */
    public Tensor toTensor(Backend backend) {
        return backend.fromFloats(shape(), data);
    }
}
