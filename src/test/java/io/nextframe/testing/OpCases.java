package io.nextframe.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The catalog of named random op cases that backends are compared on. Names start with the op family
 * ("gemm", "conv2d fwd", "pool", …) so a backend that lacks an op for now can filter by prefix. The catalog is
 * deterministic: shapes and data come from fixed seeds, so a failing case name reproduces exactly.
 */
public final class OpCases {
    private static final List<OpCase> ALL = build();

    private OpCases() {
    }

    /** Every case, in a stable order. */
    public static List<OpCase> all() {
        return ALL;
    }

    /** The cases whose name starts with {@code prefix}. */
    public static List<OpCase> family(String prefix) {
        return ALL.stream().filter(c -> c.name().startsWith(prefix)).toList();
    }

    private static List<OpCase> build() {
        List<OpCase> out = new ArrayList<>();
        LayoutCases.add(out);
        GemmCases.add(out);
        ConvCases.add(out);
        NormCases.add(out);
        ResamplingCases.add(out);
        PointwiseCases.add(out);
        ReductionCases.add(out);
        RecurrentCases.add(out);
        DynamicFilterCases.add(out);
        RandomCases.add(out);
        return Collections.unmodifiableList(out);
    }

    /** A fixed seed per case from the family's base seed and the case's index in it. */
    static long seed(long base, int index) {
        return base * 1_000_003L + index;
    }
}
