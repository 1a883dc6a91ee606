package io.nextframe.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order: a tree of lane-wise additions (lane i plus lane i + h, for
 * h = L/2, L/4, …, 1). {@code reduceLanes(ADD)} leaves the order unspecified, and its compiled and interpreted
 * forms do differ in the last bit — which made results depend on JIT timing, not just on the inputs.
 */
final class LaneSum {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int L = SPECIES.length();
    private static final VectorShuffle<Float> H1 = rotation(L / 2);
    private static final VectorShuffle<Float> H2 = rotation(Math.max(1, L / 4));
    private static final VectorShuffle<Float> H3 = rotation(Math.max(1, L / 8));
    private static final VectorShuffle<Float> H4 = rotation(Math.max(1, L / 16));

    static {
        if (L > 16) {
            throw new ExceptionInInitializerError("LaneSum handles up to 16 float lanes, the species has " + L);
        }
    }

    private LaneSum() {
    }

    private static VectorShuffle<Float> rotation(int shift) {
        return VectorShuffle.fromOp(SPECIES, i -> (i + shift) % L);
    }

    static float sum(FloatVector v) {
        v = v.add(v.rearrange(H1));
        if (L >= 4) {
            v = v.add(v.rearrange(H2));
        }
        if (L >= 8) {
            v = v.add(v.rearrange(H3));
        }
        if (L >= 16) {
            v = v.add(v.rearrange(H4));
        }
        return v.lane(0);
    }
}
