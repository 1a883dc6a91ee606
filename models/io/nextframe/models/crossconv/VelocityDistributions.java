package io.nextframe.models.crossconv;

import io.nextframe.data.shapes.ShapeKind;
import io.nextframe.data.shapes.VelocityHistogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The four histograms of the paper's Fig. 5 test: (dx, dy) of circles, squares and triangles, and the joint
 * (circle dy, triangle dy) — all in pixels of a 64×64 image. Displacements that could not be measured (NaN: a
 * shape hidden in the first frame) are skipped and counted. The added rows are kept in order, so that a caller
 * who added a fixed number of rows per test pair can resample pairs ({@link #resample}) for a bootstrap interval.
 */
public final class VelocityDistributions {
    private final VelocityHistogram[] perShape = {new VelocityHistogram(), new VelocityHistogram(),
        new VelocityHistogram()};
    private final VelocityHistogram circleTriangle = new VelocityHistogram();
    private final List<double[][]> rows = new ArrayList<>();
    private long skipped;

    /** Adds one pair's displacements, indexed by {@link ShapeKind#ordinal()}, each (dx, dy) at 64². */
    public void add(double[][] displacements) {
        double[][] copy = new double[3][];
        for (int k = 0; k < 3; k++) {
            copy[k] = displacements[k].clone();
        }
        rows.add(copy);
        for (int k = 0; k < 3; k++) {
            double[] d = displacements[k];
            if (Double.isNaN(d[0]) || Double.isNaN(d[1])) {
                skipped++;
            } else {
                perShape[k].add(d[0], d[1]);
            }
        }
        double[] c = displacements[ShapeKind.CIRCLE.ordinal()];
        double[] t = displacements[ShapeKind.TRIANGLE.ordinal()];
        if (!Double.isNaN(c[1]) && !Double.isNaN(t[1])) {
            circleTriangle.add(c[1], t[1]);
        }
    }

    public VelocityHistogram histogram(ShapeKind kind) {
        return perShape[kind.ordinal()];
    }

    public VelocityHistogram circleTriangle() {
        return circleTriangle;
    }

    public long skipped() {
        return skipped;
    }

    /** Rows added so far (skipped shapes included). */
    public int rows() {
        return rows.size();
    }

    /**
     * The distributions of the rows of the given pairs, when rows were added {@code perPair} at a time, pair after
     * pair: pair p owns rows p·perPair … (p + 1)·perPair − 1. A pair may be listed more than once (bootstrap).
     */
    public VelocityDistributions resample(int[] pairs, int perPair) {
        VelocityDistributions d = new VelocityDistributions();
        for (int p : pairs) {
            if (p < 0 || (long) (p + 1) * perPair > rows.size()) {
                throw new IllegalArgumentException("VelocityDistributions.resample: pair " + p + " × " + perPair
                        + " rows beyond the " + rows.size() + " rows added");
            }
            for (int r = p * perPair; r < (p + 1) * perPair; r++) {
                d.add(rows.get(r));
            }
        }
        return d;
    }

    /** D_KL(truth ‖ model) of the four histograms (circles, squares, triangles, circles–triangles), in nats. */
    public static Kl kl(VelocityDistributions truth, VelocityDistributions model) {
        return new Kl(VelocityHistogram.kl(truth.perShape[0], model.perShape[0]),
                VelocityHistogram.kl(truth.perShape[1], model.perShape[1]),
                VelocityHistogram.kl(truth.perShape[2], model.perShape[2]),
                VelocityHistogram.kl(truth.circleTriangle, model.circleTriangle));
    }

    /** One row of the Fig. 5 table. */
    public record Kl(double circles, double squares, double triangles, double circlesTriangles) {
        public String row(String method) {
            return String.format(Locale.ROOT, "| %s | %.2f | %.2f | %.2f | %.2f |", method, circles, squares,
                    triangles, circlesTriangles);
        }

        public static String header() {
            return "| Method | Circles | Squares | Triangles | Circles-Triangles |\n|---|---|---|---|---|";
        }
    }
}
