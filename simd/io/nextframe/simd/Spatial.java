package io.nextframe.simd;

import io.nextframe.core.Tensor;

/**
 * Spatial extents of an (N, C, *spatial) tensor padded to three axes (D, H, W) with leading ones, so the 1-, 2- and
 * 3-d forms of pooling, resizing and convolution share one loop nest.
 */
record Spatial(int d, int h, int w) {

    static Spatial of(Tensor t) {
        int r = t.rank();
        int w = t.dim(r - 1);
        int h = r >= 4 ? t.dim(r - 2) : 1;
        int d = r >= 5 ? t.dim(r - 3) : 1;
        return new Spatial(d, h, w);
    }

    /** {@code values} (one per spatial axis, 1 to 3 of them) padded in front with {@code fill}, as {d, h, w}. */
    static int[] pad3(int[] values, int fill) {
        int[] r = {fill, fill, fill};
        System.arraycopy(values, 0, r, 3 - values.length, values.length);
        return r;
    }

    long size() {
        return (long) d * h * w;
    }

    /** N·C: the number of planes. */
    static int planes(Tensor t) {
        return Math.toIntExact((long) t.dim(0) * t.dim(1));
    }
}
