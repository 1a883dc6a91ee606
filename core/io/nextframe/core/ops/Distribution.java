package io.nextframe.core.ops;

/** Distributions a backend can draw from with the counter-based generator ({@link io.nextframe.core.Philox}). */
public enum Distribution {
    /** a + (b − a)·u with u uniform in [0, 1) */
    UNIFORM,
    /** a + b·n with n standard normal */
    NORMAL
}
