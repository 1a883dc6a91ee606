package io.nextframe.core.reference;

import io.nextframe.core.Tensor;

/**
 * The spatial extents of an (N, C, *spatial) tensor with 1–3 spatial dims, padded at the front to three
 * (d, h, w) with extent 1, so that one triple loop serves 1-D, 2-D and 3-D ops alike.
 */
record Spatial(int d, int h, int w) {

    static Spatial of(Tensor t) {
        int[] e = lastThree(t.shape().dims(), 2, 1);
        return new Spatial(e[0], e[1], e[2]);
    }

    /** The entries of {@code values} for {@code dims} spatial axes, front-padded to three with {@code pad}. */
    static int[] pad3(int[] values, int pad) {
        return lastThree(values, 0, pad);
    }

    private static int[] lastThree(int[] values, int from, int pad) {
        int n = values.length - from;
        int[] r = {pad, pad, pad};
        for (int i = 0; i < n; i++) {
            r[3 - n + i] = values[from + i];
        }
        return r;
    }

    int size() {
        return d * h * w;
    }

    int index(int z, int y, int x) {
        return (z * h + y) * w + x;
    }
}
