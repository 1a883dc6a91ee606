package io.nextframe.core.reference;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.testing.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Random;
import java.util.Set;

import static io.nextframe.testing.Tensors.assertValues;
import static io.nextframe.testing.Tensors.f64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Unary and binary pointwise ops, reductions and softmax on hand-computed examples. */
class ReferencePointwiseReduceTest {
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

    private static int[] d(int... dims) {
        return dims;
    }

    /** One row of the unary table: f(x; a, b) = y and f'(x) = slope. */
    private record Row(UnaryOp op, double a, double bb, double x, double y, double slope) {
    }

    @Test
    void everyUnaryOpAndItsDerivative() {
        double e = Math.E;
        Row[] rows = {
                new Row(UnaryOp.NEG, 0, 0, 2, -2, -1),
                new Row(UnaryOp.ABS, 0, 0, -3, 3, -1),
                new Row(UnaryOp.ABS, 0, 0, 0, 0, 0),
                new Row(UnaryOp.SQUARE, 0, 0, -3, 9, -6),
                new Row(UnaryOp.SQRT, 0, 0, 4, 2, 0.25),
                new Row(UnaryOp.EXP, 0, 0, Math.log(2), 2, 2),
                new Row(UnaryOp.LOG, 0, 0, e, 1, 1 / e),
                new Row(UnaryOp.RECIPROCAL, 0, 0, 4, 0.25, -1 / 16.0),
                new Row(UnaryOp.RELU, 0, 0, -1, 0, 0),
                new Row(UnaryOp.RELU, 0, 0, 2, 2, 1),
                new Row(UnaryOp.LEAKY_RELU, 0.1, 0, -2, -0.2, 0.1),
                new Row(UnaryOp.LEAKY_RELU, 0.1, 0, 3, 3, 1),
                new Row(UnaryOp.SIGMOID, 0, 0, 0, 0.5, 0.25),
                new Row(UnaryOp.TANH, 0, 0, 0, 0, 1),
                new Row(UnaryOp.SOFTPLUS, 0, 0, 0, Math.log(2), 0.5),
                new Row(UnaryOp.SOFTPLUS, 0, 0, 800, 800, 1),
                new Row(UnaryOp.SOFTPLUS, 0, 0, -50, Math.exp(-50), 1 / (1 + Math.exp(50))),
                new Row(UnaryOp.CLAMP, -1, 1, 3, 1, 0),
                new Row(UnaryOp.CLAMP, -1, 1, 0.5, 0.5, 1),
                new Row(UnaryOp.CLAMP, -1, 1, -1, -1, 1),
                new Row(UnaryOp.AFFINE, 2, 1, 3, 7, 2),
                new Row(UnaryOp.POW, 3, 0, 2, 8, 12),
                new Row(UnaryOp.GREATER_THAN, 1, 0, 2, 1, 0),
                new Row(UnaryOp.GREATER_THAN, 1, 0, 1, 0, 0),
                new Row(UnaryOp.SIGN, 0, 0, -2, -1, 0),
                new Row(UnaryOp.SIGN, 0, 0, 0, 0, 0),
        };
        Set<UnaryOp> covered = EnumSet.noneOf(UnaryOp.class);
        for (Row r : rows) {
            String what = r.op() + "(" + r.x() + ")";
            Tensor x = f64(b, d(1), r.x());
            Tensor y = b.unary(r.op(), (float) r.a(), (float) r.bb(), x);
            assertEquals(r.y(), y.toDoubleArray()[0], 1e-6 * Math.max(1, Math.abs(r.y())), what);
            Tensor dx = b.zeros(DType.F64, Shape.of(1));
            b.unaryBackward(r.op(), (float) r.a(), (float) r.bb(), x, y, f64(b, d(1), 1), dx);
            assertEquals(r.slope(), dx.toDoubleArray()[0], 1e-6 * Math.max(1, Math.abs(r.slope())), what + "'");
            covered.add(r.op());
        }
        assertEquals(EnumSet.allOf(UnaryOp.class), covered, "every unary op has a row");
    }

    @Test
    void binaryOpsBroadcastSizeOneAxes() {
        Tensor a = f64(b, d(2, 1), 1, 2), c = f64(b, d(1, 3), 10, 20, 30);
        assertValues("add", b.binary(BinaryOp.ADD, a, c), 11, 21, 31, 12, 22, 32);
        assertValues("sub", b.binary(BinaryOp.SUB, a, c), -9, -19, -29, -8, -18, -28);
        assertValues("mul", b.binary(BinaryOp.MUL, a, c), 10, 20, 30, 20, 40, 60);
        assertValues("div", b.binary(BinaryOp.DIV, c, a), 10, 20, 30, 5, 10, 15);
        // the front pads the shorter rank with leading 1s
        Tensor m = f64(b, d(2, 3), 1, 2, 3, 4, 5, 6);
        assertValues("(2,3) + (3)", b.binary(BinaryOp.ADD, m, f64(b, d(3), 1, 1, 1)), 2, 3, 4, 5, 6, 7);
    }

    @Test
    void comparisonsAndMinMax() {
        Tensor a = f64(b, d(3), 1, 2, 3), c = f64(b, d(3), 2, 2, 2);
        assertValues("eq", b.binary(BinaryOp.EQ, a, c), 0, 1, 0);
        assertValues("gt", b.binary(BinaryOp.GT, a, c), 0, 0, 1);
        assertValues("ge", b.binary(BinaryOp.GE, a, c), 0, 1, 1);
        assertValues("max", b.binary(BinaryOp.MAX, a, c), 2, 2, 3);
        assertValues("min", b.binary(BinaryOp.MIN, a, c), 1, 2, 2);
    }

    @Test
    void binaryIntoOneOfItsInputs() {
        Tensor a = f64(b, d(2, 2), 1, 2, 3, 4);
        b.binary(BinaryOp.MUL, a, f64(b, d(2, 1), 10, 100), a);
        assertValues("in place", a, 10, 20, 300, 400);
    }

    @Test
    void reductionsOverAxes() {
        Tensor x = f64(b, d(2, 3), 1, 2, 3, 4, 5, 6);
        assertValues("sum axis 1", b.reduce(ReduceOp.SUM, x, 1), 6, 15);
        assertValues("sum axis 0", b.reduce(ReduceOp.SUM, x, 0), 5, 7, 9);
        assertValues("sum all", b.reduce(ReduceOp.SUM, x, 0, 1), 21);
        assertValues("mean axis 1", b.reduce(ReduceOp.MEAN, x, 1), 2, 5);
        assertValues("max axis 0", b.reduce(ReduceOp.MAX, x, 0), 4, 5, 6);
        assertValues("max all", b.reduce(ReduceOp.MAX, x, -1, -2), 6);
        Tensor x3 = f64(b, d(2, 2, 2), 1, 2, 3, 4, 5, 6, 7, 8);
        assertValues("sum middle axis", b.reduce(ReduceOp.SUM, x3, 1), 4, 6, 12, 14);
        assertValues("max of negatives", b.reduce(ReduceOp.MAX, f64(b, d(3), -5, -2, -9), 0), -2);
    }

    @Test
    void softmaxOfKnownValues() {
        Tensor x = f64(b, d(1, 2), 0, Math.log(3)), y = b.zeros(DType.F64, Shape.of(1, 2));
        b.softmax(false, 1, x, y);
        assertValues("softmax", y, 0.25, 0.75);
        Tensor ly = b.zeros(DType.F64, Shape.of(1, 2));
        b.softmax(true, -1, x, ly);
        assertValues("log-softmax", ly, Math.log(0.25), Math.log(0.75));

        Tensor dx = b.zeros(DType.F64, Shape.of(1, 2));
        b.softmaxBackward(false, 1, y, f64(b, d(1, 2), 1, 0), dx);
        assertValues("y(dy − Σ dy·y)", dx, 0.1875, -0.1875);
        b.softmaxBackward(true, 1, ly, f64(b, d(1, 2), 1, 0), dx);
        assertValues("dy − eʸ·Σ dy", dx, 0.75, -0.75);
    }

    @Test
    void softmaxIsStableForLargeInputs() {
        Tensor x = b.fromFloats(Shape.of(3), 1000f, 1001f, -1000f), y = b.zeros(3);
        b.softmax(false, 0, x, y);
        float[] v = y.toFloatArray();
        double e = Math.exp(-1);
        Tensors.assertAllClose("no overflow", new float[] {(float) (e / (1 + e)), (float) (1 / (1 + e)), 0f}, v,
                1e-6, 0);
    }

    @Test
    void softmaxRowsSumToOneAlongEveryAxis() {
        Random rnd = new Random(3);
        Tensor x = Tensors.randomIn(b, rnd, -5, 5, 3, 4, 5);
        for (int axis = 0; axis < 3; axis++) {
            Tensor y = b.zeros(3, 4, 5);
            b.softmax(false, axis, x, y);
            float[] sums = b.reduce(ReduceOp.SUM, y, axis).toFloatArray();
            for (int i = 0; i < sums.length; i++) {
                assertEquals(1.0, sums[i], 1e-6, "axis " + axis + ", row " + i);
            }
            for (float v : y.toFloatArray()) {
                assertTrue(v > 0 && v < 1, "softmax value " + v);
            }
        }
    }
}
