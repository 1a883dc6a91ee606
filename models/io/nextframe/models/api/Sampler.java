package io.nextframe.models.api;

import java.util.Map;

/**
 * A loaded unconditional (or class-conditional) generator of images or videos — LAPGAN, the video GANs — as
 * {@code nextframe sample} and embedding applications use it.
 */
public interface Sampler extends AutoCloseable {
    /** The model kind (CONTRACTS §4), e.g. {@code lapgan}. */
    String kind();

    /** The model file's config metadata. */
    Map<String, String> metadata();

    int channels();

    int height();

    int width();

    /** Frames per sample: 1 for an image model. */
    int frames();

    /** Number of classes a conditional model takes (0: unconditional). */
    int classes();

    long parameterCount();

    /**
     * {@code n} samples (N, T, C, H, W) in [0, 1], T = {@link #frames()}. Sample i draws from Philox streams derived
     * from ({@code seed}, i) only, so a seed gives the same samples on every backend and for any n ≥ i + 1.
     *
     * @param labels one class per sample for a conditional model (null: classes 0, 1, 2, … cycling); must be
     *               null for an unconditional one
     */
    float[] sample(int n, long seed, int[] labels);

    /** Frees weights and device memory. */
    @Override
    void close();
}
