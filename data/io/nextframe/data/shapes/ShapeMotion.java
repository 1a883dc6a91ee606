package io.nextframe.data.shapes;

/**
 * One shape of a Shapes pair and its true motion.
 *
 * @param kind   circle, square or triangle
 * @param cx     centre column in the first frame (canvas pixels)
 * @param cy     centre row in the first frame
 * @param radius half the square's side, the circle's radius, the triangle's circumradius (canvas pixels)
 * @param rgb    colour, three values in [0, 1]
 * @param depth  drawing order: 0 is drawn first (at the back)
 * @param dx     horizontal displacement from the first frame to the second, in canvas pixels
 * @param dy     vertical displacement (positive = down), in canvas pixels
 * @param dx64   dx in pixels of a 64×64 image (the scale the velocity-distribution test measures at)
 * @param dy64   dy in pixels of a 64×64 image
 */
public record ShapeMotion(ShapeKind kind, double cx, double cy, double radius, float[] rgb, int depth,
                          double dx, double dy, double dx64, double dy64) {
    @Override
    public boolean equals(Object o) {
        return o instanceof ShapeMotion m && kind == m.kind && cx == m.cx && cy == m.cy && radius == m.radius
                && java.util.Arrays.equals(rgb, m.rgb) && depth == m.depth && dx == m.dx && dy == m.dy
                && dx64 == m.dx64 && dy64 == m.dy64;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(kind, cx, cy, radius, java.util.Arrays.hashCode(rgb), depth, dx, dy);
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "%s at (%.2f, %.2f) r=%.2f depth %d moving (%.3f, %.3f) px"
                + " = (%.3f, %.3f) at 64²", kind, cx, cy, radius, depth, dx, dy, dx64, dy64);
    }
}
