package io.nextframe.simd;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.BLOCK;
import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * y = f(x) and dx = dy·f'(x) for every {@link UnaryOp}. Work goes in fixed {@link Vec#BLOCK}s; a block's last
 * partial vector runs through the same loop on a zero-padded scratch vector, so every element is computed by the
 * same formula whichever thread takes it.
 * Each op has its own loop method (the switch picks a loop, never a formula inside one): a shared loop calling one big
 * per-op switch was not inlined by C2, and every vector crossing that call was boxed (≈ 10× slower, with GC); a
 * masked tail inside the same method doubled the IR and hit C2's node-count cutoff, with the same result.
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
                int len = (int) Math.min(BLOCK, n - start), bound = F.loopBound(len);
                forwardBlock(op, a, b, xs, xo + start, ys, yo + start, bound);
                if (bound < len) {
                    // the tail runs through the same loop on a zero-padded scratch vector, so it gets the same bits
                    MemorySegment t = Vec.scratch();
                    Vec.toScratch(xs, xo + start + bound, len - bound, t, 0);
                    forwardBlock(op, a, b, t, 0, t, L, L);
                    Vec.fromScratch(t, L, ys, yo + start + bound, len - bound);
                }
            }
        });
    }

    static void backward(WorkerPool pool, UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        // an operand the op does not read may be null: stand in dy, which the op's loop then never loads
        Tensor xt = x != null ? x : dy, yt = y != null ? y : dy;
        MemorySegment xs = Vec.seg(xt), ys = Vec.seg(yt), gs = Vec.seg(dy), ds = Vec.seg(dx);
        long xo = xt.offset(), yo = yt.offset(), go = dy.offset(), dO = dx.offset(), n = dy.size();
        pool.parallelFor(Vec.blocks(n), 1, (from, to) -> {
            for (int blk = from; blk < to; blk++) {
                long s = (long) blk * BLOCK;
                int len = (int) Math.min(BLOCK, n - s), bound = F.loopBound(len), rest = len - bound;
                backwardBlock(op, a, b, xs, xo + s, ys, yo + s, gs, go + s, ds, dO + s, bound);
                if (rest > 0) {
                    MemorySegment t = Vec.scratch();
                    Vec.toScratch(xs, xo + s + bound, rest, t, 0);
                    Vec.toScratch(ys, yo + s + bound, rest, t, L);
                    Vec.toScratch(gs, go + s + bound, rest, t, 2L * L);
                    backwardBlock(op, a, b, t, 0, t, L, t, 2L * L, t, 3L * L, L);
                    Vec.fromScratch(t, 3L * L, ds, dO + s + bound, rest);
                }
            }
        });
    }

    /** y[0, n) = f(x[0, n)): picks the op's loop. */
    private static void forwardBlock(UnaryOp op, float a, float b, MemorySegment xs, long xp, MemorySegment ys,
                                     long yp, int n) {
        switch (op) {
            case NEG -> forwardNeg(a, b, xs, xp, ys, yp, n);
            case ABS -> forwardAbs(a, b, xs, xp, ys, yp, n);
            case SQUARE -> forwardSquare(a, b, xs, xp, ys, yp, n);
            case SQRT -> forwardSqrt(a, b, xs, xp, ys, yp, n);
            case EXP -> forwardExp(a, b, xs, xp, ys, yp, n);
            case LOG -> forwardLog(a, b, xs, xp, ys, yp, n);
            case RECIPROCAL -> forwardReciprocal(a, b, xs, xp, ys, yp, n);
            case RELU -> forwardRelu(a, b, xs, xp, ys, yp, n);
            case LEAKY_RELU -> forwardLeakyRelu(a, b, xs, xp, ys, yp, n);
            case SIGMOID -> forwardSigmoid(a, b, xs, xp, ys, yp, n);
            case TANH -> forwardTanh(a, b, xs, xp, ys, yp, n);
            case SOFTPLUS -> forwardSoftplus(a, b, xs, xp, ys, yp, n);
            case CLAMP -> forwardClamp(a, b, xs, xp, ys, yp, n);
            case AFFINE -> forwardAffine(a, b, xs, xp, ys, yp, n);
            case POW -> forwardPow(a, b, xs, xp, ys, yp, n);
            case GREATER_THAN -> forwardGreaterThan(a, b, xs, xp, ys, yp, n);
            case SIGN -> forwardSign(a, b, xs, xp, ys, yp, n);
        }
    }

    /** dx[0, n) = dy·f'(x) from the forward input x and output y: picks the op's loop. */
    private static void backwardBlock(UnaryOp op, float a, float b, MemorySegment xs, long xp, MemorySegment ys,
                                      long yp, MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        switch (op) {
            case NEG -> backwardNeg(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case ABS -> backwardAbs(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case SQUARE -> backwardSquare(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case SQRT -> backwardSqrt(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case EXP -> backwardExp(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case LOG -> backwardLog(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case RECIPROCAL -> backwardReciprocal(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case RELU -> backwardRelu(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case LEAKY_RELU -> backwardLeakyRelu(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case SIGMOID -> backwardSigmoid(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case TANH -> backwardTanh(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case SOFTPLUS -> backwardSoftplus(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case CLAMP -> backwardClamp(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case AFFINE -> backwardAffine(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case POW -> backwardPow(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
            case GREATER_THAN, SIGN -> backwardZero(a, b, xs, xp, ys, yp, gs, gp, ds, dp, n);
        }
    }

    // ---- one loop per op: the vector formula sits in the loop body, where C2 inlines what it calls ----------------

    private static void forwardNeg(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                   int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            x.neg().intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardAbs(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                   int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            x.abs().intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardSquare(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            x.mul(x).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardSqrt(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                    int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            x.sqrt().intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardExp(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                   int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            VecMath.exp(x).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardLog(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                   int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            VecMath.log(x).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardReciprocal(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                          int n) {
        FloatVector one = FloatVector.broadcast(F, 1f);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            one.div(x).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardRelu(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                    int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            x.max(0f).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardLeakyRelu(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                         int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            x.blend(x.mul(a), x.compare(VectorOperators.LE, 0f)).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardSigmoid(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                       int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            VecMath.sigmoid(x).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardTanh(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                    int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            VecMath.tanh(x).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    /** ln(1 + eˣ) = max(x, 0) + ln(1 + e^−|x|), in two passes (y holds e^−|x| between them). */
    private static void forwardSoftplus(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                        int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            VecMath.exp(x.abs().neg()).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector e = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER);
            x.max(0f).add(VecMath.log1p(e)).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardClamp(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                     int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            x.max(a).min(b).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardAffine(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            x.fma(a, b).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    /** xᵃ; a general exponent takes two passes (y holds ln|x| between them), one transcendental each. */
    private static void forwardPow(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                   int n) {
        if (VecMath.isSimplePower(a)) {
            for (int i = 0; i < n; i += L) {
                FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
                VecMath.simplePower(x, a).intoMemorySegment(ys, (yp + i) << 2, ORDER);
            }
            return;
        }
        logAbs(xs, xp, ys, yp, n);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector lx = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER);
            VecMath.powFromLog(x, lx, a).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    /** d[0, n) = ln|x|. */
    private static void logAbs(MemorySegment xs, long xp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            VecMath.log(x.abs()).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void forwardGreaterThan(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                           int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            zero.blend(1f, x.compare(VectorOperators.GT, a)).intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void forwardSign(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                    int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            zero.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f))
                    .intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
    }

    private static void backwardNeg(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.neg().intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardAbs(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.mul(zero.blend(1f, x.compare(VectorOperators.GT, 0f)).blend(-1f, x.compare(VectorOperators.LT, 0f)))
                    .intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardSquare(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.mul(x.add(x)).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardSqrt(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.div(y.add(y)).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardExp(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.mul(y).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardLog(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.div(x).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardReciprocal(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.mul(y.mul(y)).neg().intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardRelu(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            zero.blend(g, x.compare(VectorOperators.GT, 0f)).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardLeakyRelu(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.mul(a).blend(g, x.compare(VectorOperators.GT, 0f)).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardSigmoid(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.mul(y.mul(y.neg().add(1f))).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardTanh(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector y = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.mul(y.mul(y).neg().add(1f)).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardSoftplus(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.mul(VecMath.sigmoid(x)).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardClamp(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            zero.blend(g, x.compare(VectorOperators.GE, a).and(x.compare(VectorOperators.LE, b)))
                    .intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardAffine(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            g.mul(a).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    /** dy·a·xᵃ⁻¹, in two passes for a general exponent (dx holds ln|x| between them). */
    private static void backwardPow(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                    MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        float e = a - 1f;
        if (VecMath.isSimplePower(e)) {
            for (int i = 0; i < n; i += L) {
                FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
                FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
                g.mul(VecMath.simplePower(x, e).mul(a)).intoMemorySegment(ds, (dp + i) << 2, ORDER);
            }
            return;
        }
        logAbs(xs, xp, ds, dp, n);
        for (int i = 0; i < n; i += L) {
            FloatVector x = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            FloatVector lx = FloatVector.fromMemorySegment(F, ds, (dp + i) << 2, ORDER);
            g.mul(VecMath.powFromLog(x, lx, e).mul(a)).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }

    private static void backwardZero(float a, float b, MemorySegment xs, long xp, MemorySegment ys, long yp,
                                      MemorySegment gs, long gp, MemorySegment ds, long dp, int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            zero.intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
    }
}
