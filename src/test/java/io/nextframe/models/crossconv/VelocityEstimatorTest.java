package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.data.shapes.ShapeKind;
import io.nextframe.data.shapes.ShapeMotion;
import io.nextframe.data.shapes.ShapePair;
import io.nextframe.data.shapes.Shapes;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The velocity estimator recovers the generator's true displacements from ground-truth pairs. */
class VelocityEstimatorTest {
    private final Backend be = Backends.get("reference");

    @Test
    void exactIntegerShiftOfAnImage() {
        int n = 16;
        float[] a = new float[3 * n * n];
        float[] b = new float[3 * n * n];
        int[] owner = new int[n * n];
        Arrays.fill(owner, -1);
        for (int y = 5; y < 10; y++) {
            for (int x = 4; x < 8; x++) {
                owner[y * n + x] = 0;
                for (int c = 0; c < 3; c++) {
                    a[c * n * n + y * n + x] = 0.3f + 0.1f * c + 0.02f * x;
                    b[c * n * n + (y - 2) * n + x + 3] = 0.3f + 0.1f * c + 0.02f * x;
                }
            }
        }
        double[] d = new VelocityEstimator(n, 4).estimate(a, b, owner, 0);
        assertEquals(3, d[0], 1e-6);
        assertEquals(-2, d[1], 1e-6);
        assertTrue(Double.isNaN(new VelocityEstimator(n, 4).estimate(a, b, owner, 1)[0]));
        assertThrows(IllegalArgumentException.class, () -> new VelocityEstimator(n, 4).estimate(a, b,
                new int[3], 0));
    }

    /**
     * Ground-truth Shapes pairs at 128², resized to the model's 64² output, measured: the per-shape errors are
     * sub-pixel and the histogram KL to the truth (the floor any model can reach with this estimator) is small.
     */
    @Test
    void recoversTrueDisplacementsOfGroundTruthPairs() {
        int pairs = 240;
        int out = 64;
        Shapes shapes = new Shapes(Shapes.Config.defaults(), 11);
        ShapeVelocities meter = new ShapeVelocities(out, Shapes.Config.defaults().maxShift());
        VelocityDistributions truth = new VelocityDistributions();
        VelocityDistributions measured = new VelocityDistributions();
        double[] absErr = new double[3];
        int[] counted = new int[3];
        int within = 0;
        int total = 0;
        for (int i = 0; i < pairs; i++) {
            ShapePair p = shapes.pair(i);
            float[] first;
            float[] second;
            try (Scope s = be.scope()) {
                var clip = p.frames().toTensor(be);
                Var r = F.resize(ResizeMode.LINEAR, false, Var.constant(clip), out, out);
                float[] both = r.value().toFloatArray();
                first = Arrays.copyOfRange(both, 0, 3 * out * out);
                second = Arrays.copyOfRange(both, 3 * out * out, 6 * out * out);
            }
            double[][] est = meter.measure(p, first, second);
            double[][] gt = new double[3][];
            for (int k = 0; k < 3; k++) {
                ShapeMotion m = p.shapes()[k];
                gt[k] = new double[] {m.dx64(), m.dy64()};
                if (!Double.isNaN(est[k][0])) {
                    double e = Math.hypot(est[k][0] - m.dx64(), est[k][1] - m.dy64());
                    absErr[k] += e;
                    counted[k]++;
                    within += e < 0.25 ? 1 : 0;
                    total++;
                }
            }
            truth.add(gt);
            measured.add(est);
        }
        VelocityDistributions.Kl kl = VelocityDistributions.kl(truth, measured);
        System.out.println("estimator on " + pairs + " ground-truth pairs: mean |error| circle "
                + absErr[0] / counted[0] + ", square " + absErr[1] / counted[1] + ", triangle "
                + absErr[2] / counted[2] + " px at 64²; " + within + "/" + total + " within 0.25 px; skipped "
                + measured.skipped() + "\n" + VelocityDistributions.Kl.header() + "\n" + kl.row("estimator on truth"));
        for (int k = 0; k < 3; k++) {
            assertTrue(absErr[k] / counted[k] < 0.3, ShapeKind.values()[k] + " mean error " + absErr[k] / counted[k]);
        }
        assertTrue(within > 0.85 * total, within + " of " + total + " within 0.25 px");
    }
}
