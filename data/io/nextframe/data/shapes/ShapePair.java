package io.nextframe.data.shapes;

import io.nextframe.data.Clip;

/**
 * Two frames of the Shapes dataset and the truth behind them.
 *
 * @param frames the pair as a clip of 2 RGB frames (T = 2, C = 3)
 * @param shapes every shape with its true displacement, in {@link ShapeKind} order
 * @param owner  for each pixel of the first frame (row-major), the index into {@code shapes} of the shape
 *               visible there (covering at least half the pixel, on top), or −1 for background
 */
public record ShapePair(Clip frames, ShapeMotion[] shapes, int[] owner) {
    /** The shape of {@code kind}. */
    public ShapeMotion shape(ShapeKind kind) {
        for (ShapeMotion s : shapes) {
            if (s.kind() == kind) {
                return s;
            }
        }
        throw new IllegalArgumentException("ShapePair: no " + kind);
    }
}
