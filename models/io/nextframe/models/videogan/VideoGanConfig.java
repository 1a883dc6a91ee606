package io.nextframe.models.videogan;

/**
 * Sizes of the video GANs (Vondrick et al. 2016 generator; WGAN-GP critic). The generator maps z ({@code noise}) to
 * {@code baseWidth} × 2 × 4 × 4 and doubles time and space {@code stages} times with 4³ stride-2 transposed
 * convolutions, halving the width each time, so {@code size} = 4·2^stages and {@code frames} = 2·2^stages. The critic
 * mirrors it with stride-2 3-D convolutions from {@code criticWidth} channels, doubling.
 */
public record VideoGanConfig(int channels, int frames, int size, int noise, int baseWidth, int criticWidth,
                             boolean criticLayerNorm) {

    public VideoGanConfig {
        if (channels < 1 || noise < 1 || baseWidth < 1 || criticWidth < 1) {
            throw new IllegalArgumentException("VideoGanConfig: channels " + channels + ", noise " + noise
                    + ", baseWidth " + baseWidth + ", criticWidth " + criticWidth + " must be ≥ 1");
        }
        if (size < 8 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("VideoGanConfig: size " + size + " must be a power of two ≥ 8");
        }
        int stages = Integer.numberOfTrailingZeros(size) - 2;
        if (frames != 2 << stages) {
            throw new IllegalArgumentException("VideoGanConfig: frames " + frames + " must be " + (2 << stages)
                    + " for size " + size + " (time and space double together from 2 × 4 × 4)");
        }
        if (baseWidth >> (stages - 1) < 1) {
            throw new IllegalArgumentException("VideoGanConfig: baseWidth " + baseWidth + " halves to 0 over "
                    + stages + " stages");
        }
    }

    /** The paper's 32 × 64 × 64 colour videos. */
    public static VideoGanConfig paper() {
        return new VideoGanConfig(3, 32, 64, 100, 512, 64, true);
    }

    /** 8 frames of 16 × 16 for this machine. */
    public static VideoGanConfig small(int channels) {
        return new VideoGanConfig(channels, 8, 16, 100, 64, 16, true);
    }

    /** Test-sized: 8 frames of 16 × 16, two stages, narrow. */
    public static VideoGanConfig tiny(int channels) {
        return new VideoGanConfig(channels, 8, 16, 6, 8, 4, true);
    }

    public int stages() {
        return Integer.numberOfTrailingZeros(size) - 2;
    }

    /** Width of generator stage i's input (i = 0 is the projected z). */
    public int width(int i) {
        return baseWidth >> i;
    }
}
