package io.nextframe.models.lapgan;

/**
 * Kernel layout of the refinement levels. COMPACT: 3×3 'same' convolutions everywhere (fits 8-px test images).
 * REFERENCE: the authors' code for CIFAR — generator 7×7, 7×7, 5×5 ('same'); discriminator 5×5 'valid' then 5×5
 * stride-2 'valid' — which needs every refinement level to be at least 9 px.
 */
public enum LevelArch {
    COMPACT,
    REFERENCE;

    int[] generatorKernels() {
        return this == COMPACT ? new int[] {3, 3, 3} : new int[] {7, 7, 5};
    }

    /** Side after the discriminator's two convolutions on a level of side s. */
    int discriminatorOutput(int s) {
        return this == COMPACT ? s : (s - 4 - 5) / 2 + 1;
    }
}
