package io.nextframe.simd;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.BLOCK;
import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;

/**
 * y = f(x) and dx = dy·f'(x) for every {@link UnaryOp}, one vector formula per op. Work goes in fixed
 * {@link Vec#BLOCK}s whose last partial vector is a masked vector of the same formula, so an element is computed the
 * same way whichever thread takes it.
 */
final class SimdUnary {
    private SimdUnary() {
    }

    static void forward(WorkerPool pool, UnaryOp op, float a, float b, Tensor x, Tensor y) {
        MemorySegment xs = Vec.seg(x), ys = Vec.seg(y);
        long xo = x.offset(), yo = y.offset(), n = x.size();
        pool.parallelFor(Vec.blocks(n), 1, (from, to) -> {
            for (int blk = from; blk < to; blk++) {
                long start = (long) blk * BLOCK;
                int len = (int) Math.min(BLOCK, n - start);
                int i = 0;
                for (int bound = F.loopBound(len); i < bound; i += L) {
                    Vec.store(f(op, a, b, Vec.load(xs, xo + start + i)), ys, yo + start + i);
                }
                if (i < len) {
                    VectorMask<Float> m = Vec.tail(i, len);
                    Vec.store(f(op, a, b, Vec.load(xs, xo + start + i, m)), ys, yo + start + i, m);
                }
            }
        });
    }

    static void backward(WorkerPool pool, UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        // an operand the op does not read may be null: stand in dy, whose lanes the formula then ignores
        Tensor xt = x != null ? x : dy, yt = y != null ? y : dy;
        MemorySegment xs = Vec.seg(xt), ys = Vec.seg(yt), gs = Vec.seg(dy), ds = Vec.seg(dx);
        long xo = xt.offset(), yo = yt.offset(), go = dy.offset(), dO = dx.offset(), n = dy.size();
        pool.parallelFor(Vec.blocks(n), 1, (from, to) -> {
            for (int blk = from; blk < to; blk++) {
                long s = (long) blk * BLOCK;
                int len = (int) Math.min(BLOCK, n - s);
                int i = 0;
                for (int bound = F.loopBound(len); i < bound; i += L) {
                    FloatVector r = df(op, a, b, Vec.load(xs, xo + s + i), Vec.load(ys, yo + s + i),
                            Vec.load(gs, go + s + i));
                    Vec.store(r, ds, dO + s + i);
                }
                if (i < len) {
                    VectorMask<Float> m = Vec.tail(i, len);
                    FloatVector r = df(op, a, b, Vec.load(xs, xo + s + i, m), Vec.load(ys, yo + s + i, m),
                            Vec.load(gs, go + s + i, m));
                    Vec.store(r, ds, dO + s + i, m);
                }
            }
        });
    }

    /** f(x; a, b). */
    static FloatVector f(UnaryOp op, float a, float b, FloatVector x) {
        return switch (op) {
            case NEG -> x.neg();
            case ABS -> x.abs();
            case SQUARE -> x.mul(x);
            case SQRT -> x.sqrt();
            case EXP -> VecMath.exp(x);
            case LOG -> VecMath.log(x);
            case RECIPROCAL -> FloatVector.broadcast(F, 1f).div(x);
            case RELU -> x.max(0f);
            case LEAKY_RELU -> x.blend(x.mul(a), x.compare(VectorOperators.LE, 0f));
            case SIGMOID -> VecMath.sigmoid(x);
            case TANH -> VecMath.tanh(x);
            // ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|): no overflow for large x, no lost digits for very negative x
            case SOFTPLUS -> x.max(0f).add(VecMath.log1p(VecMath.exp(x.abs().neg())));
            case CLAMP -> x.max(a).min(b);
            case AFFINE -> x.fma(a, b);
            case POW -> VecMath.pow(x, a);
            case GREATER_THAN -> zeros().blend(1f, x.compare(VectorOperators.GT, a));
            case SIGN -> zeros().blend(1f, x.compare(VectorOperators.GT, 0f))
                    .blend(-1f, x.compare(VectorOperators.LT, 0f));
        };
    }

    /** dy·f'(x) given the forward input x and output y. */
    static FloatVector df(UnaryOp op, float a, float b, FloatVector x, FloatVector y, FloatVector dy) {
        return switch (op) {
            case NEG -> dy.neg();
            case ABS -> dy.mul(zeros().blend(1f, x.compare(VectorOperators.GT, 0f))
                    .blend(-1f, x.compare(VectorOperators.LT, 0f)));
            case SQUARE -> dy.mul(x.add(x));
            case SQRT -> dy.div(y.add(y));
            case EXP -> dy.mul(y);
            case LOG -> dy.div(x);
            case RECIPROCAL -> dy.mul(y.mul(y)).neg();
            case RELU -> zeros().blend(dy, x.compare(VectorOperators.GT, 0f));
            case LEAKY_RELU -> dy.mul(a).blend(dy, x.compare(VectorOperators.GT, 0f));
            case SIGMOID -> dy.mul(y.mul(y.neg().add(1f)));
            case TANH -> dy.mul(y.mul(y).neg().add(1f));
            case SOFTPLUS -> dy.mul(VecMath.sigmoid(x));
            case CLAMP -> zeros().blend(dy, x.compare(VectorOperators.GE, a).and(x.compare(VectorOperators.LE, b)));
            case AFFINE -> dy.mul(a);
            case POW -> dy.mul(VecMath.pow(x, a - 1f).mul(a));
            case GREATER_THAN, SIGN -> zeros();
        };
    }

    private static FloatVector zeros() {
        return FloatVector.zero(F);
    }
}
