package io.nextframe.models.svg;

import java.util.Arrays;

/** The three SVG variants, named as in the model files' {@code model} metadata key. */
public enum SvgKind {
    /** Learned prior: a gaussian_lstm on the previous frame's encoding. */
    LP("svg-lp"),
    /** Fixed prior N(0, I). */
    FP("svg-fp"),
    /** The deterministic baseline: the same networks without z. */
    DET("svg-det");

    private final String id;

    SvgKind(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public boolean stochastic() {
        return this != DET;
    }

    public static SvgKind of(String id) {
        for (SvgKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("SVG: model kind '" + id + "' is not one of "
                + Arrays.stream(values()).map(SvgKind::id).toList());
    }
}
