package io.nextframe.models.videogan;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Resize;

/**
 * A clip source cut to a video GAN's shape: the first {@code frames} frames of each clip, each resized bilinearly to
 * {@code size} × {@code size} when the source's frames are another size. Values stay in [0, 1]; the trainer maps
 * them to the generator's [−1, 1].
 */
final class FittedClips implements ClipSource {
    private final ClipSource source;
    private final int frames;
    private final int size;

    FittedClips(ClipSource source, VideoGanConfig cfg) {
        if (source.channels() != cfg.channels() || source.frames() < cfg.frames()) {
            throw new IllegalArgumentException("video GAN training: clips of " + source.frames() + " frames × "
                    + source.channels() + " channels for a model of " + cfg.frames() + " frames × "
                    + cfg.channels() + " channels");
        }
        this.source = source;
        this.frames = cfg.frames();
        this.size = cfg.size();
    }

    @Override
    public long size() {
        return source.size();
    }

    @Override
    public Clip clip(long index) {
        Clip c = source.clip(index);
        int ch = c.channels(), plane = size * size;
        float[] out = new float[frames * ch * plane];
        for (int f = 0; f < frames; f++) {
            float[] frame = c.frame(f);
            if (c.height() != size || c.width() != size) {
                frame = Resize.bilinear(frame, ch, c.height(), c.width(), size, size);
            }
            System.arraycopy(frame, 0, out, f * ch * plane, ch * plane);
        }
        return new Clip(frames, ch, size, size, out);
    }

    @Override
    public int frames() {
        return frames;
    }

    @Override
    public int channels() {
        return source.channels();
    }

    @Override
    public int height() {
        return size;
    }

    @Override
    public int width() {
        return size;
    }
}
