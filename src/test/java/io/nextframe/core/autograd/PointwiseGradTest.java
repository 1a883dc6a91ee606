package io.nextframe.core.autograd;

import io.nextframe.core.Shape;
import io.nextframe.core.ops.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PointwiseGradTest {

    @Test
    void arithmeticWithBroadcasting() {
        // a (3,1,5) against b (4,5): both sides are broadcast, so both gradients must be summed back
        new GradCheck(1).input(3, 1, 5).input(4, 5).check("add", x -> F.add(x.get(0), x.get(1)));
        new GradCheck(2).input(3, 1, 5).input(4, 5).check("sub", x -> F.sub(x.get(0), x.get(1)));
        new GradCheck(3).input(3, 1, 5).input(4, 5).check("mul", x -> F.mul(x.get(0), x.get(1)));
        new GradCheck(4).input(Shape.of(3, 1, 5), -1, 1).input(Shape.of(4, 5), 0.5, 2)
                .check("div", x -> F.div(x.get(0), x.get(1)));
        new GradCheck(5).input(5).input(3, 5).check("mul rank", x -> F.mul(x.get(0), x.get(1)));
    }

    @Test
    void maximumAndMinimum() {
        new GradCheck(30).input(3, 1, 5).input(4, 5).check("maximum", x -> F.maximum(x.get(0), x.get(1)));
        new GradCheck(31).input(3, 1, 5).input(4, 5).check("minimum", x -> F.minimum(x.get(0), x.get(1)));
        Var a = Var.param(GradCheck.reference().fromDoubles(Shape.of(2), 1, 2));
        assertFalse(F.compare(io.nextframe.core.ops.BinaryOp.GT, a, a).requiresGrad());
    }

    @Test
    void sameOperandTwice() {
        new GradCheck(6).input(3, 5).check("x*x", x -> F.mul(x.get(0), x.get(0)));
    }

    @Test
    void scalarAffine() {
        new GradCheck(7).input(3, 5).check("affine", x -> F.affine(x.get(0), -1.5f, 0.25f));
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"GREATER_THAN", "SIGN"}, mode = EnumSource.Mode.EXCLUDE)
    void unary(UnaryOp op) {
        double lo = -2, hi = 2;
        float a = 0f, b = 0f;
        switch (op) {
            case SQRT, LOG, RECIPROCAL -> lo = 0.3;
            case POW -> {
                lo = 0.3;
                a = 2.5f;
            }
            case LEAKY_RELU -> a = 0.2f;
            case CLAMP -> {
                a = -0.7f;
                b = 0.9f;
            }
            case AFFINE -> {
                a = 1.75f;
                b = -0.5f;
            }
            default -> {
            }
        }
        float fa = a, fb = b;
        new GradCheck(10 + op.ordinal()).input(Shape.of(3, 7), lo, hi)
                .check(op.name(), x -> F.unary(op, fa, fb, x.get(0)));
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"GREATER_THAN", "SIGN"})
    void piecewiseConstantOpsCarryNoGradient(UnaryOp op) {
        Var x = Var.param(GradCheck.reference().fromDoubles(Shape.of(2, 3), 1, -2, 3, -4, 5, 0.5));
        Var y = F.unary(op, 0f, 0f, x);
        assertFalse(y.requiresGrad());
        assertThrows(IllegalArgumentException.class, y::backward);
    }
}
