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
}
