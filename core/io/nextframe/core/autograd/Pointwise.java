package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.UnaryOp;

/** Elementwise ops: arithmetic with broadcasting and every {@link UnaryOp}, with their derivatives as Var ops. */
final class Pointwise {

    private Pointwise() {
    }

    /**
     * a ∘ b for ADD, SUB, MUL, DIV, MAX, MIN with numpy broadcasting; gradients are summed back over broadcast axes.
     * MAX and MIN route the gradient through a constant mask (to a where a and b tie, as {@link BinaryOp} says).
     * The comparisons EQ, GT, GE give constants.
     */
    static Var binary(BinaryOp op, Var a, Var b) {
        Tensor y = a.backend().binary(op, a.value(), b.value());
        if (op == BinaryOp.EQ || op == BinaryOp.GT || op == BinaryOp.GE) {
            return Var.constant(y);
        }
        return Var.make(op.name().toLowerCase(), y, (gy, n) -> switch (op) {
            case ADD -> new Var[] {n[0] ? F.sumTo(gy, a.shape()) : null, n[1] ? F.sumTo(gy, b.shape()) : null};
            case SUB -> new Var[] {n[0] ? F.sumTo(gy, a.shape()) : null,
                    n[1] ? F.sumTo(F.neg(gy), b.shape()) : null};
            case MUL -> new Var[] {n[0] ? F.sumTo(F.mul(gy, b), a.shape()) : null,
                    n[1] ? F.sumTo(F.mul(gy, a), b.shape()) : null};
            case DIV -> new Var[] {n[0] ? F.sumTo(F.div(gy, b), a.shape()) : null,
                    n[1] ? F.sumTo(F.neg(F.div(F.mul(gy, a), F.mul(b, b))), b.shape()) : null};
            case MAX, MIN -> {
                Backend be = a.backend();
                Tensor toA = op == BinaryOp.MAX ? be.binary(BinaryOp.GE, a.value(), b.value())
                        : be.binary(BinaryOp.GE, b.value(), a.value());
                Tensor toB = be.unary(UnaryOp.AFFINE, -1f, 1f, toA);
                yield new Var[] {n[0] ? F.sumTo(F.mul(gy, Var.constant(toA)), a.shape()) : null,
                        n[1] ? F.sumTo(F.mul(gy, Var.constant(toB)), b.shape()) : null};
            }
            case EQ, GT, GE -> throw new IllegalStateException(op + " is piecewise constant");
        }, a, b);
    }

    /** y = f(x; a, b). GREATER_THAN and SIGN are piecewise constant: their outputs are constants. */
    static Var unary(UnaryOp op, float a, float b, Var x) {
        Backend be = x.backend();
        Tensor y = be.unary(op, a, b, x.value());
        if (op == UnaryOp.GREATER_THAN || op == UnaryOp.SIGN) {
            return Var.constant(y);
        }
        Var[] out = new Var[1];
        out[0] = Var.make(op.name().toLowerCase(), y, (gy, n) -> {
            if (!Grad.isEnabled()) {
                Tensor dx = be.zerosLike(x.value());
                be.unaryBackward(op, a, b, x.value(), y, gy.value(), dx);
                return new Var[] {Var.constant(dx)};
            }
            return new Var[] {derivative(op, a, b, x, out[0], gy)};
        }, x);
        return out[0];
    }

    /** dy·f'(x) as differentiable Var ops; masks (f' of piecewise-linear ops) are constants. */
    private static Var derivative(UnaryOp op, float a, float b, Var x, Var y, Var gy) {
        return switch (op) {
            case NEG -> F.neg(gy);
            case ABS -> F.mul(gy, constant(x, UnaryOp.SIGN, 0f, 0f));
            case SQUARE -> F.mul(gy, F.scale(x, 2f));
            case SQRT -> F.div(gy, F.scale(y, 2f));
            case EXP -> F.mul(gy, y);
            case LOG -> F.div(gy, x);
            case RECIPROCAL -> F.neg(F.mul(gy, F.square(y)));
            case RELU -> F.mul(gy, constant(x, UnaryOp.GREATER_THAN, 0f, 0f));
            case LEAKY_RELU -> F.mul(gy, leakyMask(x, a));
            case SIGMOID -> F.mul(gy, F.mul(y, F.affine(y, -1f, 1f)));
            case TANH -> F.mul(gy, F.affine(F.square(y), -1f, 1f));
            case SOFTPLUS -> F.mul(gy, F.sigmoid(x));
            case CLAMP -> F.mul(gy, clampMask(x, a, b));
            case AFFINE -> F.scale(gy, a);
            case POW -> F.mul(gy, F.scale(F.pow(x, a - 1f), a));
            case GREATER_THAN, SIGN -> throw new IllegalStateException(op + " is piecewise constant");
        };
    }

    private static Var constant(Var x, UnaryOp op, float a, float b) {
        return Var.constant(x.backend().unary(op, a, b, x.value()));
    }

    /** 1 where x > 0, else the slope a. */
    private static Var leakyMask(Var x, float slope) {
        Backend be = x.backend();
        Tensor positive = be.unary(UnaryOp.GREATER_THAN, 0f, 0f, x.value());
        return Var.constant(be.unary(UnaryOp.AFFINE, 1f - slope, slope, positive));
    }

    /** 1 where lo ≤ x ≤ hi, else 0 (PyTorch's clamp gradient). */
    private static Var clampMask(Var x, float lo, float hi) {
        Backend be = x.backend();
        Tensor negX = be.unary(UnaryOp.NEG, 0f, 0f, x.value());
        Tensor below = be.unary(UnaryOp.GREATER_THAN, -lo, 0f, negX);
        Tensor above = be.unary(UnaryOp.GREATER_THAN, hi, 0f, x.value());
        Tensor outside = be.binary(BinaryOp.ADD, below, above);
        return Var.constant(be.unary(UnaryOp.AFFINE, -1f, 1f, outside));
    }
}
