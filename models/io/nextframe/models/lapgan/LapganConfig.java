package io.nextframe.models.lapgan;

/**
 * Sizes of a LAPGAN (Denton et al. 2015): images of {@code channels} × {@code side} × {@code side}, {@code levels}
 * convolutional refinement levels above a fully connected coarsest level of side {@code side >> levels}.
 * {@code classes} > 0 adds one-hot class conditioning to every generator and discriminator.
 */
public record LapganConfig(int channels, int side, int levels, int coarseNoise, int coarseHidden, int levelWidth,
                           int discriminatorWidth, int classes, LevelArch arch, float discriminatorDropout) {

    public LapganConfig {
        if (channels < 1 || levels < 1 || coarseNoise < 1 || coarseHidden < 1 || levelWidth < 1
                || discriminatorWidth < 1 || classes < 0) {
            throw new IllegalArgumentException("LapganConfig: channels " + channels + ", levels " + levels
                    + ", coarseNoise " + coarseNoise + ", coarseHidden " + coarseHidden + ", levelWidth "
                    + levelWidth + ", discriminatorWidth " + discriminatorWidth + " must be ≥ 1, classes "
                    + classes + " ≥ 0");
        }
        // each level halves exactly, so up(down(x)) lands back on the finer grid without cropping
        if (side < 2 || side % (1 << levels) != 0 || (side >> levels) < 2) {
            throw new IllegalArgumentException("LapganConfig: side " + side + " must be divisible by 2^levels = "
                    + (1 << levels) + " and leave a coarsest side ≥ 2");
        }
        if (arch == null || !(discriminatorDropout >= 0 && discriminatorDropout < 1)) {
            throw new IllegalArgumentException("LapganConfig: arch " + arch + " must be set and dropout "
                    + discriminatorDropout + " in [0, 1)");
        }
        if (arch == LevelArch.REFERENCE && (side >> (levels - 1)) < 9) {
            throw new IllegalArgumentException("LapganConfig: the REFERENCE level architecture needs every "
                    + "refinement level ≥ 9 px; level " + (levels - 1) + " is " + (side >> (levels - 1)) + " px");
        }
    }

    /** COMPACT levels, no discriminator dropout. */
    public LapganConfig(int channels, int side, int levels, int coarseNoise, int coarseHidden, int levelWidth,
                        int discriminatorWidth, int classes) {
        this(channels, side, levels, coarseNoise, coarseHidden, levelWidth, discriminatorWidth, classes,
                LevelArch.COMPACT, 0f);
    }

    /**
     * MNIST at 28 px (28 → 14 → 7) with the reference code's level kernels, widths 64, coarsest level 1200 hidden
     * units, discriminator dropout 0.5.
     */
    public static LapganConfig mnist28() {
        return new LapganConfig(1, 28, 2, 100, 1200, 64, 64, 0, LevelArch.REFERENCE, 0.5f);
    }

    /** A tiny configuration for tests (seconds on the reference backend). */
    public static LapganConfig tiny(int classes) {
        return new LapganConfig(1, 8, 2, 8, 16, 4, 4, classes);
    }

    /** Side of pyramid level k (0 = finest, {@code levels} = coarsest). */
    public int sideAt(int k) {
        if (k < 0 || k > levels) {
            throw new IllegalArgumentException("LapganConfig: level " + k + " outside 0 … " + levels);
        }
        return side >> k;
    }

    public int coarseSide() {
        return sideAt(levels);
    }
}
