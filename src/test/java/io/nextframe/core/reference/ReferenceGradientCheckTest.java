package io.nextframe.core.reference;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.testing.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;
import java.util.function.Supplier;

import static io.nextframe.testing.Tensors.randomF64;

/**
 * Central finite differences in float64 for the nonlinear backward ops (the linear ones are pinned exactly by
 * {@link ReferenceAdjointTest}): with L = ⟨f(p), r⟩ for a random r, each analytic ∂L/∂pᵢ must match
 * (L(pᵢ + h) − L(pᵢ − h)) / 2h.
 */
class ReferenceGradientCheckTest {
    private static final double H = 1e-6;

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

    private void set(Tensor t, int i, double v) {
        b.kernels().writeDoubles(t.storage(), t.offset() + i, new double[] {v}, 0, 1);
    }

    /** Compares {@code analytic} with the numerical gradient of ⟨forward(), r⟩ with respect to {@code param}. */
    private void check(String what, Tensor param, Supplier<Tensor> forward, Tensor r, Tensor analytic) {
        double[] p = param.toDoubleArray(), numeric = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            set(param, i, p[i] + H);
            double up = Tensors.dot(forward.get(), r);
            set(param, i, p[i] - H);
            double down = Tensors.dot(forward.get(), r);
            set(param, i, p[i]);
            numeric[i] = (up - down) / (2 * H);
        }
        Tensors.assertAllClose(what, numeric, analytic.toDoubleArray(), 1e-5, 1e-7);
    }

    @Test
    void batchNormTrainingGradients() {
        Random rnd = new Random(1);
        int[] dims = {3, 2, 2, 3};
        Tensor x = randomF64(b, rnd, dims), gamma = randomF64(b, rnd, 2), beta = randomF64(b, rnd, 2);
        Tensor r = randomF64(b, rnd, dims);
        Tensor sm = zeros(2), si = zeros(2);
        Supplier<Tensor> fwd = () -> {
            Tensor y = zeros(dims);
            b.batchNormForward(x, gamma, beta, null, null, true, 0.1f, 1e-5f, y, sm, si);
            return y;
        };
        fwd.get();
        Tensor dx = zeros(dims), dg = zeros(2), db = zeros(2);
        b.batchNormBackward(x, gamma, sm, si, true, r, dx, dg, db);
        check("batch norm dx", x, fwd, r, dx);
        check("batch norm dgamma", gamma, fwd, r, dg);
        check("batch norm dbeta", beta, fwd, r, db);
    }

    @Test
    void batchNormEvaluationGradient() {
        Random rnd = new Random(2);
        int[] dims = {2, 3, 4};
        Tensor x = randomF64(b, rnd, dims), gamma = randomF64(b, rnd, 3);
        Tensor rm = randomF64(b, rnd, 3), rv = b.fromDoubles(Shape.of(3), 0.5, 1.5, 2.5);
        Tensor r = randomF64(b, rnd, dims), sm = zeros(3), si = zeros(3);
        Supplier<Tensor> fwd = () -> {
            Tensor y = zeros(dims);
            b.batchNormForward(x, gamma, null, rm, rv, false, 0.1f, 1e-5f, y, sm, si);
            return y;
        };
        fwd.get();
        Tensor dx = zeros(dims), dg = zeros(3);
        b.batchNormBackward(x, gamma, sm, si, false, r, dx, dg, null);
        check("batch norm eval dx", x, fwd, r, dx);
        check("batch norm eval dgamma", gamma, fwd, r, dg);
    }

    @Test
    void softmaxAndLogSoftmaxGradients() {
        Random rnd = new Random(3);
        for (boolean log : new boolean[] {false, true}) {
            for (int axis = 0; axis < 3; axis++) {
                int ax = axis;
                Tensor x = randomF64(b, rnd, 2, 3, 4), r = randomF64(b, rnd, 2, 3, 4);
                Supplier<Tensor> fwd = () -> {
                    Tensor y = zeros(2, 3, 4);
                    b.softmax(log, ax, x, y);
                    return y;
                };
                Tensor dx = zeros(2, 3, 4);
                b.softmaxBackward(log, ax, fwd.get(), r, dx);
                check((log ? "log-softmax" : "softmax") + " axis " + axis, x, fwd, r, dx);
            }
        }
    }

    @Test
    void lstmCellGradients() {
        Random rnd = new Random(4);
        int batch = 2, hid = 3;
        Tensor gates = Tensors.randomF64(b, rnd, batch, 4 * hid), cPrev = randomF64(b, rnd, batch, hid);
        Tensor rh = randomF64(b, rnd, batch, hid), rc = randomF64(b, rnd, batch, hid);
        // L = ⟨h, rh⟩ + ⟨c, rc⟩: the (B, 2H) concatenation [h | c] against [rh | rc]
        Tensor r = b.concat(java.util.List.of(rh, rc), 1);
        Supplier<Tensor> fwd = () -> {
            Tensor h = zeros(batch, hid), c = zeros(batch, hid);
            b.lstmCellForward(gates, cPrev, h, c);
            return b.concat(java.util.List.of(h, c), 1);
        };
        Tensor c = zeros(batch, hid), h = zeros(batch, hid);
        b.lstmCellForward(gates, cPrev, h, c);
        Tensor dGates = zeros(batch, 4 * hid), dcPrev = zeros(batch, hid);
        b.lstmCellBackward(gates, cPrev, c, rh, rc, dGates, dcPrev);
        check("lstm dGates", gates, fwd, r, dGates);
        check("lstm dcPrev", cPrev, fwd, r, dcPrev);

        // without dc only h carries gradient
        Tensor zeroC = zeros(batch, hid);
        Tensor rOnlyH = b.concat(java.util.List.of(rh, zeroC), 1);
        b.lstmCellBackward(gates, cPrev, c, rh, null, dGates, dcPrev);
        check("lstm dGates without dc", gates, fwd, rOnlyH, dGates);
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"NEG", "ABS", "SQUARE", "SQRT", "EXP", "LOG", "RECIPROCAL", "RELU",
            "LEAKY_RELU", "SIGMOID", "TANH", "SOFTPLUS", "CLAMP", "AFFINE", "POW"})
    void unaryGradients(UnaryOp op) {
        Random rnd = new Random(op.ordinal());
        double[] v = Tensors.uniformDoubles(rnd, 12, 0.2, 2);
        boolean positiveOnly = op == UnaryOp.SQRT || op == UnaryOp.LOG || op == UnaryOp.POW;
        for (int i = 0; i < v.length && !positiveOnly; i += 2) {
            v[i] = -v[i];
        }
        Tensor x = b.fromDoubles(Shape.of(3, 4), v), r = randomF64(b, rnd, 3, 4);
        float a = op == UnaryOp.POW ? 2.5f : op == UnaryOp.CLAMP ? -1f : 0.3f;
        float bb = op == UnaryOp.CLAMP ? 1f : 0.7f;
        Supplier<Tensor> fwd = () -> b.unary(op, a, bb, x);
        Tensor dx = zeros(3, 4);
        b.unaryBackward(op, a, bb, x, fwd.get(), r, dx);
        check(op.name(), x, fwd, r, dx);
    }

    @Test
    void maxPoolGradientAwayFromTies() {
        Random rnd = new Random(5);
        PoolSpec spec = new PoolSpec(PoolSpec.Kind.MAX, new int[] {3, 2}, new int[] {2, 1}, new int[] {1, 1});
        Tensor x = randomF64(b, rnd, 2, 2, 5, 4);
        Shape ys = Backend.poolOutputShape(spec, x.shape());
        Tensor r = randomF64(b, rnd, ys.dims());
        Supplier<Tensor> fwd = () -> b.pool(spec, x);
        Tensor dx = zeros(2, 2, 5, 4);
        b.poolBackward(spec, x, r, dx);
        check("max pool", x, fwd, r, dx);
    }
}
