package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FusedAndLossGradTest {

    @Test
    void lstmCell() {
        new GradCheck(1).input(2, 3).input(2, 4).input(2, 4).input(16, 3).input(16, 4).input(16).input(16)
                .check("lstmCell", x -> {
                    LstmState s = F.lstmCell(x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), x.get(5), x.get(6));
                    return F.concat(List.of(s.h(), s.c()), 1);
                });
    }

    @Test
    void lstmCellTwoSteps() {
        new GradCheck(2).input(2, 3).input(2, 3).input(8, 3).input(8, 2)
                .check("lstm two steps, no bias", x -> {
                    Backend b = GradCheck.reference();
                    Var zero = Var.constant(b.fromDoubles(Shape.of(2, 2), new double[4]));
                    LstmState s1 = F.lstmCell(x.get(0), zero, zero, x.get(2), x.get(3), null, null);
                    LstmState s2 = F.lstmCell(x.get(1), s1.h(), s1.c(), x.get(2), x.get(3), null, null);
                    return F.add(s2.h(), F.scale(s2.c(), 0.5f));
                });
    }

    @Test
    void localFilter() {
        new GradCheck(3).input(2, 2, 4, 5).input(2, 9, 4, 5)
                .check("localFilter 3×3", x -> F.localFilter(x.get(0), x.get(1), 3, 3));
        new GradCheck(4).input(1, 2, 3, 4).input(1, 6, 3, 4)
                .check("localFilter 2×3", x -> F.localFilter(x.get(0), x.get(1), 2, 3));
    }

    @Test
    void crossConv() {
        new GradCheck(5).input(2, 3, 5, 4).input(2, 3, 3, 2)
                .check("crossConv", x -> F.crossConv(x.get(0), x.get(1), 1, 0));
    }

    @Test
    void dropout() {
        new GradCheck(6).input(4, 9).check("dropout", x -> F.dropout(x.get(0), 0.3f, true, 7, 1, 0));
        Backend b = GradCheck.reference();
        double[] ones = new double[2000];
        java.util.Arrays.fill(ones, 1);
        Var y = F.dropout(Var.constant(b.fromDoubles(Shape.of(2000), ones)), 0.25f, true, 3, 0, 0);
        int kept = 0;
        for (double v : y.value().toDoubleArray()) {
            assertTrue(v == 0 || Math.abs(v - 1 / 0.75f) < 1e-6, "dropout value " + v);
            kept += v == 0 ? 0 : 1;
        }
        assertTrue(Math.abs(kept / 2000.0 - 0.75) < 0.05, "kept fraction " + kept / 2000.0);
        Var z = Var.constant(b.fromDoubles(Shape.of(2), 1, 2));
        assertEquals(z, F.dropout(z, 0.5f, false, 0, 0, 0), "evaluation mode is the identity");
    }

    @Test
    void losses() {
        new GradCheck(7).input(3, 4).input(3, 4).check("mse", x -> F.mse(x.get(0), x.get(1)));
        new GradCheck(8).input(Shape.of(3, 4), 0.05, 0.95).constant(Shape.of(3, 4), 0, 1)
                .check("bce", x -> F.bce(x.get(0), x.get(1)));
        new GradCheck(9).input(Shape.of(3, 4), -4, 4).constant(Shape.of(3, 4), 0, 1)
                .check("bceWithLogits", x -> F.bceWithLogits(x.get(0), x.get(1)));
        new GradCheck(10).input(3, 5).input(3, 5).input(3, 5).input(3, 5)
                .check("klGaussian", x -> F.klGaussian(x.get(0), x.get(1), x.get(2), x.get(3)));
    }

    @Test
    void lossValues() {
        Backend b = GradCheck.reference();
        Var p = Var.constant(b.fromDoubles(Shape.of(2), 0.0, 0.75));
        Var t = Var.constant(b.fromDoubles(Shape.of(2), 1.0, 1.0));
        double bce = F.bce(p, t).value().toDoubleArray()[0];
        // the saturated 0 is clamped to 1e-7 (as a float): finite, ≈ −log(1e−7)
        double expected = (-Math.log((double) 1e-7f) - Math.log(0.75)) / 2;
        assertEquals(expected, bce, 1e-6);
        Var mu1 = Var.constant(b.fromDoubles(Shape.of(1, 1), 0.5));
        Var lv1 = Var.constant(b.fromDoubles(Shape.of(1, 1), Math.log(0.25)));
        Var mu2 = Var.constant(b.fromDoubles(Shape.of(1, 1), -0.5));
        Var lv2 = Var.constant(b.fromDoubles(Shape.of(1, 1), 0.0));
        // KL(N(0.5, 0.25) || N(−0.5, 1)) = log(1/0.5) + (0.25 + 1)/2 − 1/2
        assertEquals(Math.log(2) + 1.25 / 2 - 0.5, F.klGaussian(mu1, lv1, mu2, lv2).value().toDoubleArray()[0],
                1e-12);
    }
}
