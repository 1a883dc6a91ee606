package io.nextframe.core.ops;

/**
 * Elementwise y = f(a, b) with numpy broadcasting: shapes are aligned from the right, and a dimension of size 1
 * (or a missing one) is repeated to match. Comparison ops give 1 or 0.
 */
public enum BinaryOp {
    ADD, SUB, MUL, DIV,
    /** max(a, b); where a == b, the gradient goes to a. */
    MAX,
    /** min(a, b); where a == b, the gradient goes to a. */
    MIN,
    /** 1 if a == b else 0 */
    EQ,
    /** 1 if a > b else 0 */
    GT,
    /** 1 if a ≥ b else 0 */
    GE
}
