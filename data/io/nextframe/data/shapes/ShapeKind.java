package io.nextframe.data.shapes;

/** The three kinds of the Shapes dataset and how each one moves (Xue et al., §5.1). */
public enum ShapeKind {
    /** Moves only vertically, anti-correlated with the triangle. */
    CIRCLE,
    /** Moves only horizontally, independently of the others. */
    SQUARE,
    /** Moves diagonally (dx = dy). */
    TRIANGLE;

    /** Whether (px, py) lies in a shape of this kind centred at (cx, cy) with radius r. */
    boolean contains(double px, double py, double cx, double cy, double r) {
        double x = px - cx;
        double y = py - cy;
        return switch (this) {
            case CIRCLE -> x * x + y * y <= r * r;
            case SQUARE -> Math.abs(x) <= r && Math.abs(y) <= r;
            // upward-pointing triangle inscribed in the circle of radius r: apex (0, −r), base at y = r/2
            case TRIANGLE -> y <= r / 2 && y >= -r && Math.abs(x) <= (y + r) / Math.sqrt(3);
        };
    }
}
