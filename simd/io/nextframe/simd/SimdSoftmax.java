package io.nextframe.simd;

import io.nextframe.core.Tensor;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.BLOCK;
import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * Softmax and log-softmax along one axis of x viewed as (outer, A, inner). With inner = 1 each row of A values is
 * contiguous and is vectorised along itself; otherwise vectors run across {@code L} neighbouring rows (the inner axis),
 * stepping by {@code inner} along A. Each row is computed by one task in a fixed order: max, Σ e^(x−max), then y.
 */
final class SimdSoftmax {
    private SimdSoftmax() {
    }

    static void forward(WorkerPool pool, boolean log, int axis, Tensor x, Tensor y) {
        Geometry g = Geometry.of(x, axis);
        MemorySegment xs = Vec.seg(x), ys = Vec.seg(y);
        long xo = x.offset(), yo = y.offset();
        if (g.inner == 1) {
            pool.parallelFor(Math.toIntExact(g.outer), Math.max(1, BLOCK / g.axis), (from, to) -> {
                for (long r = from; r < to; r++) {
                    forwardRow(log, xs, xo + r * g.axis, ys, yo + r * g.axis, g.axis);
                }
            });
        } else {
            int pieces = (g.inner + L - 1) / L;
            pool.parallelFor(Math.toIntExact(g.outer * pieces), Math.max(1, BLOCK / (g.axis * L)), (from, to) -> {
                for (long t = from; t < to; t++) {
                    long o = t / pieces;
                    int j = (int) (t % pieces) * L;
                    int lanes = Math.min(L, g.inner - j);
                    long off = o * g.axis * g.inner + j;
                    forwardColumns(log, xs, xo + off, ys, yo + off, g.axis, g.inner, lanes);
                }
            });
        }
    }

    static void backward(WorkerPool pool, boolean log, int axis, Tensor y, Tensor dy, Tensor dx) {
        Geometry g = Geometry.of(y, axis);
        MemorySegment ys = Vec.seg(y), gs = Vec.seg(dy), ds = Vec.seg(dx);
        long yo = y.offset(), go = dy.offset(), dO = dx.offset();
        if (g.inner == 1) {
            pool.parallelFor(Math.toIntExact(g.outer), Math.max(1, BLOCK / g.axis), (from, to) -> {
                for (long r = from; r < to; r++) {
                    long off = r * g.axis;
                    backwardRow(log, ys, yo + off, gs, go + off, ds, dO + off, g.axis);
                }
            });
        } else {
            int pieces = (g.inner + L - 1) / L;
            pool.parallelFor(Math.toIntExact(g.outer * pieces), Math.max(1, BLOCK / (g.axis * L)), (from, to) -> {
                for (long t = from; t < to; t++) {
                    long o = t / pieces;
                    int j = (int) (t % pieces) * L;
                    int lanes = Math.min(L, g.inner - j);
                    long off = o * g.axis * g.inner + j;
                    backwardColumns(log, ys, yo + off, gs, go + off, ds, dO + off, g.axis, g.inner, lanes);
                }
            });
        }
    }

    private record Geometry(long outer, int axis, int inner) {
        static Geometry of(Tensor t, int axis) {
            return new Geometry(t.shape().sizeOf(0, axis), t.dim(axis),
                    Math.toIntExact(t.shape().sizeOf(axis + 1, t.rank())));
        }
    }

    // ---- one contiguous row --------------------------------------------------------------------------------------

    private static void forwardRow(boolean log, MemorySegment xs, long xp, MemorySegment ys, long yp, int n) {
        int bound = F.loopBound(n);
        FloatVector vmax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) {
            vmax = vmax.max(FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER));
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            max = Math.max(max, Vec.get(xs, xp + i));
        }
        FloatVector vsum = FloatVector.zero(F);
        i = 0;
        for (; i < bound; i += L) {
            FloatVector e = VecMath.exp(FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER).sub(max));
            vsum = vsum.add(e);
            if (!log) {
                e.intoMemorySegment(ys, (yp + i) << 2, ORDER);
            }
        }
        float sum = Vec.sum(vsum);
        if (i < n) {
            VectorMask<Float> m = Vec.tail(i, n);
            FloatVector e = VecMath.exp(FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER, m).sub(max));
            sum += Vec.sum(e.blend(0f, m.not()));
            if (!log) {
                e.intoMemorySegment(ys, (yp + i) << 2, ORDER, m);
            }
        }
        if (log) {
            float shift = max + (float) StrictMath.log(sum);
            i = 0;
            for (; i < bound; i += L) {
                FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER).sub(shift)
                        .intoMemorySegment(ys, (yp + i) << 2, ORDER);
            }
            for (; i < n; i++) {
                Vec.set(ys, yp + i, Vec.get(xs, xp + i) - shift);
            }
        } else {
            i = 0;
            for (; i < bound; i += L) {
                FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER).div(sum)
                        .intoMemorySegment(ys, (yp + i) << 2, ORDER);
            }
            for (; i < n; i++) {
                Vec.set(ys, yp + i, Vec.get(ys, yp + i) / sum);
            }
        }
    }

    /** softmax: dx = y(dy − Σ dy·y); log-softmax: dx = dy − eʸ·Σ dy. */
    private static void backwardRow(boolean log, MemorySegment ys, long yp, MemorySegment gs, long gp,
                                    MemorySegment ds, long dp, int n) {
        int bound = F.loopBound(n);
        FloatVector vsum = FloatVector.zero(F);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            vsum = log ? vsum.add(g) : g.fma(FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER), vsum);
        }
        float sum = Vec.sum(vsum);
        for (; i < n; i++) {
            float g = Vec.get(gs, gp + i);
            sum = log ? sum + g : Math.fma(g, Vec.get(ys, yp + i), sum);
        }
        i = 0;
        for (; i < bound; i += L) {
            FloatVector y = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER);
            gradient(log, y, g, sum).intoMemorySegment(ds, (dp + i) << 2, ORDER);
        }
        if (i < n) {
            VectorMask<Float> m = Vec.tail(i, n);
            FloatVector y = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER, m);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + i) << 2, ORDER, m);
            gradient(log, y, g, sum).intoMemorySegment(ds, (dp + i) << 2, ORDER, m);
        }
    }

    private static FloatVector gradient(boolean log, FloatVector y, FloatVector dy, float sum) {
        return log ? dy.sub(VecMath.exp(y).mul(sum)) : y.mul(dy.sub(sum));
    }

    // ---- L neighbouring rows at once (inner > 1) -------------------------------------------------------------

    /**
     * Softmax of L neighbouring rows. Split into one loop per method (max; exponentials and their sum; the write),
     * each with an unmasked twin for whole vectors: one method holding them all, with the exponential and the logarithm
     * inlined, passed C2's node-count cutoff and boxed every vector, and the masked loops were left to their slow
     * fallback; across these calls only the per-column max, sum and shift are boxed, once per L rows.
     */
    private static void forwardColumns(boolean log, MemorySegment xs, long xp, MemorySegment ys, long yp, int n,
                                       int stride, int lanes) {
        FloatVector max = columnMax(xs, xp, n, stride, lanes);
        FloatVector sum = columnExp(xs, xp, ys, yp, n, stride, lanes, max);
        if (log) {
            columnSubtract(xs, xp, ys, yp, n, stride, lanes, logShift(max, sum));
        } else {
            columnDivide(ys, yp, n, stride, lanes, sum);
        }
    }

    private static FloatVector columnMax(MemorySegment xs, long xp, int n, int stride, int lanes) {
        if (lanes == L) {
            return columnMaxFull(xs, xp, n, stride);
        }
        VectorMask<Float> m = F.indexInRange(0, lanes);
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int a = 0; a < n; a++) {
            max = max.max(FloatVector.fromMemorySegment(F, xs, (xp + (long) a * stride) << 2, ORDER, m));
        }
        return max;
    }

    private static FloatVector columnMaxFull(MemorySegment xs, long xp, int n, int stride) {
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int a = 0; a < n; a++) {
            max = max.max(FloatVector.fromMemorySegment(F, xs, (xp + (long) a * stride) << 2, ORDER));
        }
        return max;
    }

    /** y = e^(x − max) down the column; returns Σ y (summed in a second loop, in row order). */
    private static FloatVector columnExp(MemorySegment xs, long xp, MemorySegment ys, long yp, int n, int stride,
                                         int lanes, FloatVector max) {
        if (lanes == L) {
            columnExpFull(xs, xp, ys, yp, n, stride, max);
            return columnSumFull(ys, yp, n, stride);
        }
        VectorMask<Float> m = F.indexInRange(0, lanes);
        FloatVector sum = FloatVector.zero(F);
        for (int a = 0; a < n; a++) {
            long p = (long) a * stride;
            FloatVector e = VecMath.exp(FloatVector.fromMemorySegment(F, xs, (xp + p) << 2, ORDER, m).sub(max));
            sum = sum.add(e);
            e.intoMemorySegment(ys, (yp + p) << 2, ORDER, m);
        }
        return sum;
    }

    private static void columnExpFull(MemorySegment xs, long xp, MemorySegment ys, long yp, int n, int stride,
                                      FloatVector max) {
        for (int a = 0; a < n; a++) {
            long p = (long) a * stride;
            VecMath.exp(FloatVector.fromMemorySegment(F, xs, (xp + p) << 2, ORDER).sub(max))
                    .intoMemorySegment(ys, (yp + p) << 2, ORDER);
        }
    }

    private static FloatVector columnSumFull(MemorySegment ys, long yp, int n, int stride) {
        FloatVector sum = FloatVector.zero(F);
        for (int a = 0; a < n; a++) {
            sum = sum.add(FloatVector.fromMemorySegment(F, ys, (yp + (long) a * stride) << 2, ORDER));
        }
        return sum;
    }

    /** max + ln Σ: what log-softmax subtracts. */
    private static FloatVector logShift(FloatVector max, FloatVector sum) {
        return max.add(VecMath.log(sum));
    }

    private static void columnSubtract(MemorySegment xs, long xp, MemorySegment ys, long yp, int n, int stride,
                                       int lanes, FloatVector shift) {
        if (lanes == L) {
            columnSubtractFull(xs, xp, ys, yp, n, stride, shift);
            return;
        }
        VectorMask<Float> m = F.indexInRange(0, lanes);
        for (int a = 0; a < n; a++) {
            long p = (long) a * stride;
            FloatVector.fromMemorySegment(F, xs, (xp + p) << 2, ORDER, m).sub(shift)
                    .intoMemorySegment(ys, (yp + p) << 2, ORDER, m);
        }
    }

    private static void columnSubtractFull(MemorySegment xs, long xp, MemorySegment ys, long yp, int n, int stride,
                                           FloatVector shift) {
        for (int a = 0; a < n; a++) {
            long p = (long) a * stride;
            FloatVector.fromMemorySegment(F, xs, (xp + p) << 2, ORDER).sub(shift)
                    .intoMemorySegment(ys, (yp + p) << 2, ORDER);
        }
    }

    private static void columnDivide(MemorySegment ys, long yp, int n, int stride, int lanes, FloatVector sum) {
        if (lanes == L) {
            columnDivideFull(ys, yp, n, stride, sum);
            return;
        }
        VectorMask<Float> m = F.indexInRange(0, lanes);
        for (int a = 0; a < n; a++) {
            long p = (long) a * stride;
            FloatVector.fromMemorySegment(F, ys, (yp + p) << 2, ORDER, m).div(sum)
                    .intoMemorySegment(ys, (yp + p) << 2, ORDER, m);
        }
    }

    private static void columnDivideFull(MemorySegment ys, long yp, int n, int stride, FloatVector sum) {
        for (int a = 0; a < n; a++) {
            long p = (long) a * stride;
            FloatVector.fromMemorySegment(F, ys, (yp + p) << 2, ORDER).div(sum)
                    .intoMemorySegment(ys, (yp + p) << 2, ORDER);
        }
    }

    private static void backwardColumns(boolean log, MemorySegment ys, long yp, MemorySegment gs, long gp,
                                        MemorySegment ds, long dp, int n, int stride, int lanes) {
        VectorMask<Float> m = F.indexInRange(0, lanes);
        FloatVector sum = FloatVector.zero(F);
        for (int a = 0; a < n; a++) {
            long p = (long) a * stride;
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + p) << 2, ORDER, m);
            sum = log ? sum.add(g) : g.fma(FloatVector.fromMemorySegment(F, ys, (yp + p) << 2, ORDER, m), sum);
        }
        for (int a = 0; a < n; a++) {
            long p = (long) a * stride;
            FloatVector y = FloatVector.fromMemorySegment(F, ys, (yp + p) << 2, ORDER, m);
            FloatVector g = FloatVector.fromMemorySegment(F, gs, (gp + p) << 2, ORDER, m);
            FloatVector r = log ? g.sub(VecMath.exp(y).mul(sum)) : y.mul(g.sub(sum));
            r.intoMemorySegment(ds, (dp + p) << 2, ORDER, m);
        }
    }
}
