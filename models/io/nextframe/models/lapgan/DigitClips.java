package io.nextframe.models.lapgan;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.mnist.Digits;

/**
 * Digit images as one-frame, one-channel clips, so that LAPGAN training draws its batches from the shared
 * {@link io.nextframe.data.pipeline.BatchLoader} (shuffled per epoch from the run seed, position checkpointed) like
 * every other family. Clip i is digit i; its class is {@link #label}.
 */
final class DigitClips implements ClipSource {
    private final Digits digits;

    DigitClips(Digits digits) {
        this.digits = digits;
    }

    @Override
    public long size() {
        return digits.size();
    }

    @Override
    public Clip clip(long index) {
        if (index < 0 || index >= digits.size()) {
            throw new IndexOutOfBoundsException("digit " + index + " of " + digits.size());
        }
        return new Clip(1, 1, digits.side(), digits.side(), digits.image((int) index).clone());
    }

    /** The class of clip {@code index}. */
    int label(long index) {
        return digits.label((int) index);
    }

    @Override
    public int frames() {
        return 1;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int height() {
        return digits.side();
    }

    @Override
    public int width() {
        return digits.side();
    }
}
