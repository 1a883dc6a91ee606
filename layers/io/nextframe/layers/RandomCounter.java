package io.nextframe.layers;

/**
 * A layer that draws fresh random numbers at every call (dropout, samplers) on its own Philox stream: its counter
 * is all the state needed to continue the same sequence, and {@link Checkpoint} saves it in the metadata.
 */
public interface RandomCounter {

    /** The counter of the next draw. */
    long counter();

    void setCounter(long counter);
}
