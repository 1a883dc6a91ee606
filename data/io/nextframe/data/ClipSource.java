package io.nextframe.data;

/**
 * Clips addressed by index: {@code clip(i)} is a pure function of the source's configuration and i, so sources
 * can be read in any order, from any thread, and a training run resumes exactly from a saved position.
 */
public interface ClipSource {
    /** The number of clips; {@link Long#MAX_VALUE} for a generator without an end. */
    long size();

    Clip clip(long index);

    int frames();

    int channels();

    int height();

    int width();

    /** The first {@code count} clips as a finite source (e.g. a fixed held-out test set). */
    default ClipSource limit(long count) {
        ClipSource self = this;
        if (count < 0 || count > size()) {
            throw new IllegalArgumentException("limit: " + count + " clips of a source holding " + size());
        }
        return new ClipSource() {
            public long size() { return count; }
            public Clip clip(long index) {
                if (index < 0 || index >= count) {
                    throw new IndexOutOfBoundsException("clip " + index + " of " + count);
                }
                return self.clip(index);
            }
            public int frames() { return self.frames(); }
            public int channels() { return self.channels(); }
            public int height() { return self.height(); }
            public int width() { return self.width(); }
        };
    }
}
