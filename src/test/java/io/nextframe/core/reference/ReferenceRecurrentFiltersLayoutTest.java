package io.nextframe.core.reference;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.nextframe.testing.Tensors.assertValues;
import static io.nextframe.testing.Tensors.f64;

/** LSTM cell, local filtering, cross convolution and the layout ops on hand-computed examples. */
class ReferenceRecurrentFiltersLayoutTest {
    private Backend b;
    private Scope scope;

    @BeforeEach
    void open() {
        b = Backends.get("reference");
        scope = b.scope();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private Tensor zeros(int... d) {
        return b.zeros(DType.F64, Shape.of(d));
    }

    private static int[] d(int... dims) {
        return dims;
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    @Test
    void lstmCellGateOrderIsIFGO() {
        // H = 1, gates [i, f, g, o] with distinct pre-activations so a swapped gate changes the result
        double gi = 0.3, gf = -1.2, gg = 0.7, go = 2.0, cPrev = 1.5;
        Tensor gates = f64(b, d(1, 4), gi, gf, gg, go);
        Tensor h = zeros(1, 1), c = zeros(1, 1);
        b.lstmCellForward(gates, f64(b, d(1, 1), cPrev), h, c);
        double cc = sigmoid(gf) * cPrev + sigmoid(gi) * Math.tanh(gg);
        assertValues("c = σ(f)·cPrev + σ(i)·tanh(g)", c, cc);
        assertValues("h = σ(o)·tanh(c)", h, sigmoid(go) * Math.tanh(cc));
    }

    @Test
    void lstmCellBackwardByHand() {
        // all gates 0: σ = ½, tanh(g) = 0, so c = cPrev/2; with dh = 0 and dc = 1 only c's paths carry gradient
        Tensor gates = f64(b, d(1, 4), 0, 0, 0, 0), cPrev = f64(b, d(1, 1), 2);
        Tensor h = zeros(1, 1), c = zeros(1, 1);
        b.lstmCellForward(gates, cPrev, h, c);
        Tensor dGates = zeros(1, 4), dcPrev = zeros(1, 1);
        b.lstmCellBackward(gates, cPrev, c, f64(b, d(1, 1), 0), f64(b, d(1, 1), 1), dGates, dcPrev);
        // di = tanh(g)·σ'(i) = 0; df = cPrev·σ'(f) = 2·¼; dg = σ(i)·(1 − tanh²g) = ½; do = 0
        assertValues("dGates", dGates, 0, 0.5, 0.5, 0);
        assertValues("dcPrev = σ(f)", dcPrev, 0.5);
    }

    @Test
    void localFilterWithCentreAndShiftedTaps() {
        Tensor x = f64(b, d(1, 1, 2, 3), 1, 2, 3, 4, 5, 6);
        double[] centre = new double[9 * 6], right = new double[9 * 6];
        for (int p = 0; p < 6; p++) {
            centre[4 * 6 + p] = 1;   // tap k = 4 is offset (0, 0) of a 3×3 filter
            right[5 * 6 + p] = 2;    // tap k = 5 is offset (0, +1)
        }
        Tensor y = zeros(1, 1, 2, 3);
        b.localFilterForward(x, f64(b, d(1, 9, 2, 3), centre), 3, 3, y);
        assertValues("identity filter", y, 1, 2, 3, 4, 5, 6);
        b.localFilterForward(x, f64(b, d(1, 9, 2, 3), right), 3, 3, y);
        assertValues("2 × right neighbour, 0 past the edge", y, 4, 6, 0, 10, 12, 0);
        // an even 2×2 filter reaches up and left: tap 0 is offset (−1, −1)
        double[] upLeft = new double[4 * 6];
        for (int p = 0; p < 6; p++) {
            upLeft[p] = 1;
        }
        b.localFilterForward(x, f64(b, d(1, 4, 2, 3), upLeft), 2, 2, y);
        assertValues("2×2 filter, tap 0", y, 0, 0, 0, 0, 1, 2);
    }

    @Test
    void crossConvolutionUsesEachSamplesKernel() {
        Tensor x = f64(b, d(2, 1, 3, 3), 1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        Tensor k = f64(b, d(2, 1, 2, 2), 1, 0, 0, -1, 1, 1, 1, 1);
        Tensor y = zeros(2, 1, 2, 2);
        b.crossConvForward(x, k, 0, 0, y);
        assertValues("x[i,j] − x[i+1,j+1] for sample 0, 2×2 box sum for sample 1", y, -4, -4, -4, -4, 4, 4, 4, 4);
        Tensor yp = zeros(2, 1, 4, 4);
        b.crossConvForward(x, k, 1, 1, yp);
        double[] v = yp.toDoubleArray();
        assertValues("padded corner: only −x[0,0]", f64(b, d(1), v[0]), -1);
        assertValues("sample 1 padded corner: one cell", f64(b, d(1), v[16]), 1);
    }

    @Test
    void concatFillAndStridedCopy() {
        Tensor a = f64(b, d(2, 1), 1, 2), c = f64(b, d(2, 2), 3, 4, 5, 6);
        assertValues("concat axis 1", b.concat(List.of(a, c), 1), 1, 3, 4, 2, 5, 6);
        assertValues("concat axis 0", b.concat(List.of(c, f64(b, d(1, 2), 7, 8)), 0), 3, 4, 5, 6, 7, 8);

        Tensor t = zeros(2, 2);
        b.fill(t, 2.5f);
        assertValues("fill", t, 2.5, 2.5, 2.5, 2.5);

        Tensor m = f64(b, d(2, 3), 1, 2, 3, 4, 5, 6), dst = zeros(3, 2);
        b.copy(m.permute(1, 0), dst);
        assertValues("transpose via strided copy", dst, 1, 4, 2, 5, 3, 6);
        Tensor wide = zeros(3, 4);
        b.copy(m.permute(1, 0), wide.slice(1, 1, 3));
        assertValues("into a strided destination", wide, 0, 1, 4, 0, 0, 2, 5, 0, 0, 3, 6, 0);
    }
}
