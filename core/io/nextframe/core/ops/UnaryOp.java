package io.nextframe.core.ops;

/**
 * Elementwise functions y = f(x; a, b). The scalar parameters a and b are used only where named below.
 * Backward (dx = dy · f'(x)) may read x, y or both; {@link #backwardNeedsX()} / {@link #backwardNeedsY()} say which.
 */
public enum UnaryOp {
    /** y = −x */
    NEG,
    /** y = |x|; f' = sign(x) (0 at 0) */
    ABS,
    /** y = x² */
    SQUARE,
    /** y = √x; f' = 1 / (2y) */
    SQRT,
    /** y = eˣ; f' = y */
    EXP,
    /** y = ln x; f' = 1 / x */
    LOG,
    /** y = 1 / x; f' = −y² */
    RECIPROCAL,
    /** y = max(x, 0); f' = 1 where x > 0 */
    RELU,
    /** y = x if x > 0 else a·x; f' = 1 or a */
    LEAKY_RELU,
    /** y = 1 / (1 + e⁻ˣ); f' = y(1 − y) */
    SIGMOID,
    /** y = tanh x; f' = 1 − y² */
    TANH,
    /** y = ln(1 + eˣ) (computed stably); f' = sigmoid(x) */
    SOFTPLUS,
    /** y = min(max(x, a), b); f' = 1 where a ≤ x ≤ b (PyTorch's clamp) */
    CLAMP,
    /** y = a·x + b; f' = a */
    AFFINE,
    /** y = xᵃ; f' = a·xᵃ⁻¹ */
    POW,
    /** y = 1 if x > a else 0; f' = 0 */
    GREATER_THAN,
    /** y = sign(x) ∈ {−1, 0, 1}; f' = 0 */
    SIGN;

    public boolean backwardNeedsY() {
        return switch (this) {
            case SQRT, EXP, RECIPROCAL, SIGMOID, TANH -> true;
            default -> false;
        };
    }

    public boolean backwardNeedsX() {
        return switch (this) {
            case ABS, SQUARE, LOG, RELU, LEAKY_RELU, SOFTPLUS, CLAMP, POW -> true;
            default -> false;
        };
    }
}
