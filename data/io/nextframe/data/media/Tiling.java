package io.nextframe.data.media;

import io.nextframe.data.Clip;

import java.util.List;

/**
 * Places clips side by side in one clip, so an animated GIF can show the ground truth next to samples. Clips may
 * differ in length: a shorter clip holds its last frame. If any clip has colour, grey clips are repeated into RGB.
 */
public final class Tiling {
    private Tiling() {
    }

    /** {@code clips} left to right with {@code padding} pixels of {@code padValue} between them. */
    public static Clip sideBySide(List<Clip> clips, int padding, float padValue) {
        if (clips.isEmpty()) {
            throw new IllegalArgumentException("Tiling.sideBySide: no clips");
        }
        if (padding < 0) {
            throw new IllegalArgumentException("Tiling.sideBySide: negative padding " + padding);
        }
        int h = clips.getFirst().height();
        int frames = 0;
        int channels = 1;
        int width = -padding;
        for (Clip c : clips) {
            if (c.height() != h) {
                throw new IllegalArgumentException("Tiling.sideBySide: clips of height " + c.height() + " and " + h
                        + "; side by side they need one height");
            }
            frames = Math.max(frames, c.frames());
            channels = Math.max(channels, c.channels());
            width += c.width() + padding;
        }
        Clip out = Clip.zeros(frames, channels, h, width);
        java.util.Arrays.fill(out.data(), padValue);
        int x0 = 0;
        for (Clip c : clips) {
            for (int t = 0; t < frames; t++) {
                int st = Math.min(t, c.frames() - 1);
                for (int ch = 0; ch < channels; ch++) {
                    int sc = c.channels() == 1 ? 0 : ch;
                    for (int y = 0; y < h; y++) {
                        System.arraycopy(c.data(), c.index(st, sc, y, 0), out.data(), out.index(t, ch, y, x0),
                                c.width());
                    }
                }
            }
            x0 += c.width() + padding;
        }
        return out;
    }
}
