package io.nextframe.data;

import io.nextframe.data.shapes.ShapeKind;
import io.nextframe.data.shapes.ShapeMotion;
import io.nextframe.data.shapes.ShapePair;
import io.nextframe.data.shapes.Shapes;
import io.nextframe.data.shapes.ToyWorld;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapesTest {
    @Test
    void motionsFollowThePapersRules() {
        Shapes gen = new Shapes(Shapes.Config.defaults().withSize(64), 3);
        int n = 2000;
        double sumCT = 0;
        double sumCC = 0;
        double sumTT = 0;
        double sumST = 0;
        for (long i = 0; i < n; i++) {
            ShapeMotion[] shapes = gen.motions(i);
            ShapeMotion c = shapes[0];
            ShapeMotion s = shapes[1];
            ShapeMotion t = shapes[2];
            assertEquals(0.0, c.dx64(), "circles move vertically");
            assertEquals(0.0, s.dy64(), "squares move horizontally");
            assertEquals(t.dx64(), t.dy64(), "triangles move diagonally");
            for (ShapeMotion m : shapes) {
                assertTrue(Math.abs(m.dx64()) <= 5 && Math.abs(m.dy64()) <= 5, "inside the ±5 histogram");
                // the whole shape stays in the canvas in both frames
                for (double shift : new double[] {0, 1}) {
                    double x = m.cx() + shift * m.dx();
                    double y = m.cy() + shift * m.dy();
                    assertTrue(x - m.radius() >= 0 && x + m.radius() <= 64 && y - m.radius() >= 0
                            && y + m.radius() <= 64, "shape stays in frame");
                }
            }
            sumCT += c.dy64() * t.dy64();
            sumCC += c.dy64() * c.dy64();
            sumTT += t.dy64() * t.dy64();
            sumST += s.dx64() * t.dy64();
        }
        double corr = sumCT / Math.sqrt(sumCC * sumTT);
        assertEquals(-1.0, corr, 1e-9, "triangle up ⇒ circle down");
        assertTrue(Math.abs(sumST / sumTT) < 0.1, "square independent of the triangle");
        double sd = Math.sqrt(sumTT / n);
        assertEquals(1.5, sd, 0.1, "σ of the displacement in 64-px units");
    }

    @Test
    void framesShowEachShapeWhereTheTruthSays() {
        Shapes gen = new Shapes(Shapes.Config.defaults(), 8);
        for (long i = 0; i < 20; i++) {
            ShapePair p = gen.pair(i);
            Clip c = p.frames();
            assertEquals(2, c.frames());
            assertEquals(3, c.channels());
            assertEquals(128, c.height());
            for (float v : c.data()) {
                assertTrue(v >= 0 && v <= 1);
            }
            int[] owned = new int[3];
            for (int y = 0; y < 128; y++) {
                for (int x = 0; x < 128; x++) {
                    int k = p.owner()[y * 128 + x];
                    if (k < 0) {
                        continue;
                    }
                    owned[k]++;
                    ShapeMotion m = p.shapes()[k];
                    // a pixel owned (and fully covered) by a shape carries its colour in frame 1
                    if (fullyInside(m, x, y) && ownsNeighbourhood(p.owner(), k, x, y, 128)) {
                        for (int ch = 0; ch < 3; ch++) {
                            assertEquals(m.rgb()[ch], c.get(0, ch, y, x), 1e-6);
                        }
                    }
                }
            }
            // the top-most shape is never occluded: it owns about its whole area
            for (ShapeMotion m : p.shapes()) {
                if (m.depth() == 2) {
                    double area = switch (m.kind()) {
                        case CIRCLE -> Math.PI * m.radius() * m.radius();
                        case SQUARE -> 4 * m.radius() * m.radius();
                        case TRIANGLE -> 3 * Math.sqrt(3) / 4 * m.radius() * m.radius();
                    };
                    assertEquals(area, owned[m.kind().ordinal()], 0.1 * area + 4);
                }
            }
        }
        assertArrayEquals(gen.pair(5).frames().data(), new Shapes(Shapes.Config.defaults(), 8).pair(5).frames().data());
    }

    /** Pixels whose 5×5 neighbourhood belongs to shape k cannot be touched by the edge of a shape on top. */
    private static boolean ownsNeighbourhood(int[] owner, int k, int x, int y, int n) {
        for (int dy = -2; dy <= 2; dy++) {
            for (int dx = -2; dx <= 2; dx++) {
                int yy = y + dy;
                int xx = x + dx;
                if (yy < 0 || xx < 0 || yy >= n || xx >= n || owner[yy * n + xx] != k) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean fullyInside(ShapeMotion m, int x, int y) {
        double r = m.radius() - 2;
        return m.kind() == ShapeKind.SQUARE ? Math.abs(x + 0.5 - m.cx()) < r && Math.abs(y + 0.5 - m.cy()) < r
                : Math.hypot(x + 0.5 - m.cx(), y + 0.5 - m.cy()) < (m.kind() == ShapeKind.CIRCLE ? r : r / 3);
    }

    @Test
    void toyWorldHasThePerClassCovariance() {
        ToyWorld w = new ToyWorld(ToyWorld.Config.defaults(), 1);
        double[][] sum = new double[2][2];
        int[] count = new int[2];
        for (long i = 0; i < 20000; i++) {
            ToyWorld.Sample s = w.sample(i);
            int k = s.kind() == ShapeKind.CIRCLE ? 0 : 1;
            count[k]++;
            sum[k][0] += s.vx() * s.vx();
            sum[k][1] += s.vy() * s.vy();
            assertEquals(32 * 32, s.image().length);
        }
        assertEquals(0.2, sum[0][0] / count[0], 0.02);
        assertEquals(1.0, sum[0][1] / count[0], 0.06);
        assertEquals(1.0, sum[1][0] / count[1], 0.06);
        assertEquals(0.2, sum[1][1] / count[1], 0.02);
        assertEquals(10000, count[0], 300);
    }

    @Test
    void velocityHistogramKlIsZeroForTheTruthAndLargeForAShiftedGuess() {
        Shapes gen = new Shapes(Shapes.Config.defaults().withSize(64), 21);
        io.nextframe.data.shapes.VelocityHistogram a = new io.nextframe.data.shapes.VelocityHistogram();
        io.nextframe.data.shapes.VelocityHistogram b = new io.nextframe.data.shapes.VelocityHistogram();
        io.nextframe.data.shapes.VelocityHistogram shifted = new io.nextframe.data.shapes.VelocityHistogram();
        for (long i = 0; i < 5000; i++) {
            ShapeMotion[] p = gen.motions(i);
            a.addTruth(p, ShapeKind.SQUARE);
            b.addTruth(gen.motions(i + 100_000), ShapeKind.SQUARE);
            ShapeMotion m = p[ShapeKind.SQUARE.ordinal()];
            shifted.add(m.dx64() + 2, m.dy64());
        }
        assertEquals(0.0, io.nextframe.data.shapes.VelocityHistogram.kl(a, a), 1e-5, "ε mass only");
        ShapePair p3 = gen.pair(3);
        assertEquals(p3.shape(ShapeKind.CIRCLE), gen.motions(3)[0], "motions() draws what pair() draws");
        double same = io.nextframe.data.shapes.VelocityHistogram.kl(a, b);
        double off = io.nextframe.data.shapes.VelocityHistogram.kl(a, shifted);
        assertTrue(same < 0.2, "two samples of one distribution: " + same);
        assertTrue(off > 1.0, "a shifted distribution: " + off);
        assertTrue(a.count(20, 20) > 0, "zero motion falls in the centre bin");
        long offRow = 0;
        for (int i = 0; i < 41; i++) {
            for (int j = 0; j < 41; j++) {
                offRow += j == 20 ? 0 : a.count(i, j);
            }
        }
        assertEquals(0, offRow, "squares never move vertically");
    }
}
