package io.nextframe.simd;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * y = f(a, b) with numpy broadcasting (a, b and y have one rank). The shapes are split into an outer part and the
 * longest inner run of axes over which each operand is either dense (same extent as y) or constant (all ones): same
 * shapes give one run over everything, a scalar operand a constant run, a per-channel bias (1,C,1,1) a dense run of
 * H·W against one constant per (n, c). Work goes in fixed pieces of whole runs or {@link Vec#BLOCK}-long parts of one.
 * y may alias a or b (same shape): each element is read before it is written, by the same lane.
 */
final class SimdBinary {
    private SimdBinary() {
    }

    static void apply(WorkerPool pool, BinaryOp op, Tensor a, Tensor b, Tensor y) {
        int rank = y.rank();
        int[] yd = y.shape().dims(), ad = a.shape().dims(), bd = b.shape().dims();
        // the inner run starts at axis k: every operand is dense or constant on axes [k, rank)
        int k = innerStart(ad, bd, yd);
        long run = y.shape().sizeOf(k, rank);
        boolean aDense = dense(ad, yd, k, rank), bDense = dense(bd, yd, k, rank);
        long outer = y.size() / run;
        // broadcast strides (0 on size-1 axes) of a and b over the outer axes
        long[] as = broadcastStrides(ad, k), bs = broadcastStrides(bd, k);
        int pieces = Vec.blocks(run);
        MemorySegment asg = Vec.seg(a), bsg = Vec.seg(b), ysg = Vec.seg(y);
        long total = outer * pieces;
        pool.parallelFor(Math.toIntExact(total), Math.max(1, Vec.BLOCK / (int) Math.min(run, Vec.BLOCK)),
                (from, to) -> {
                    for (long t = from; t < to; t++) {
                        long o = t / pieces;
                        long start = (t % pieces) * Vec.BLOCK;
                        int len = (int) Math.min(Vec.BLOCK, run - start);
                        long ao = a.offset(), bo = b.offset(), rest = o;
                        for (int ax = k - 1; ax >= 0; ax--) {
                            long i = rest % yd[ax];
                            rest /= yd[ax];
                            ao += i * as[ax];
                            bo += i * bs[ax];
                        }
                        long yo = y.offset() + o * run + start;
                        runOp(op, asg, aDense ? ao + start : ao, aDense, bsg, bDense ? bo + start : bo, bDense,
                                ysg, yo, len);
                    }
                });
    }

    /** The smallest axis k such that over [k, rank) each operand is dense or all ones. */
    private static int innerStart(int[] ad, int[] bd, int[] yd) {
        int rank = yd.length, k = rank;
        while (k > 0 && uniform(ad, yd, k - 1, rank) && uniform(bd, yd, k - 1, rank)) {
            k--;
        }
        return k;
    }

    /** Over [from, rank) the operand equals y's extents or is all ones. */
    private static boolean uniform(int[] d, int[] yd, int from, int rank) {
        return dense(d, yd, from, rank) || ones(d, from, rank);
    }

    private static boolean dense(int[] d, int[] yd, int from, int rank) {
        for (int i = from; i < rank; i++) {
            if (d[i] != yd[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean ones(int[] d, int from, int rank) {
        for (int i = from; i < rank; i++) {
            if (d[i] != 1) {
                return false;
            }
        }
        return true;
    }

    private static long[] broadcastStrides(int[] d, int k) {
        long[] s = new long[k];
        long acc = 1;
        for (int i = d.length - 1; i >= 0; i--) {
            if (i < k) {
                s[i] = d[i] == 1 ? 0 : acc;
            }
            acc *= d[i];
        }
        return s;
    }

    /**
     * y[0, n) = f(a, b) where a non-dense operand is the one value at its offset. One loop per operand mode, so each
     * loop body holds its vectors in registers.
     */
    private static void runOp(BinaryOp op, MemorySegment as, long ao, boolean aDense, MemorySegment bs, long bo,
                              boolean bDense, MemorySegment ys, long yo, int n) {
        int i = 0;
        int bound = F.loopBound(n);
        if (aDense && bDense) {
            for (; i < bound; i += L) {
                f(op, FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER),
                        FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER))
                        .intoMemorySegment(ys, (yo + i) << 2, ORDER);
            }
            if (i < n) {
                VectorMask<Float> m = Vec.tail(i, n);
                f(op, FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER, m),
                        FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER, m))
                        .intoMemorySegment(ys, (yo + i) << 2, ORDER, m);
            }
        } else if (aDense) {
            FloatVector bc = FloatVector.broadcast(F, Vec.get(bs, bo));
            for (; i < bound; i += L) {
                f(op, FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER), bc)
                        .intoMemorySegment(ys, (yo + i) << 2, ORDER);
            }
            if (i < n) {
                VectorMask<Float> m = Vec.tail(i, n);
                f(op, FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER, m), bc)
                        .intoMemorySegment(ys, (yo + i) << 2, ORDER, m);
            }
        } else if (bDense) {
            FloatVector ac = FloatVector.broadcast(F, Vec.get(as, ao));
            for (; i < bound; i += L) {
                f(op, ac, FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER))
                        .intoMemorySegment(ys, (yo + i) << 2, ORDER);
            }
            if (i < n) {
                VectorMask<Float> m = Vec.tail(i, n);
                f(op, ac, FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER, m))
                        .intoMemorySegment(ys, (yo + i) << 2, ORDER, m);
            }
        } else {
            FloatVector v = f(op, FloatVector.broadcast(F, Vec.get(as, ao)), FloatVector.broadcast(F, Vec.get(bs, bo)));
            for (; i < bound; i += L) {
                v.intoMemorySegment(ys, (yo + i) << 2, ORDER);
            }
            if (i < n) {
                v.intoMemorySegment(ys, (yo + i) << 2, ORDER, Vec.tail(i, n));
            }
        }
    }

    static FloatVector f(BinaryOp op, FloatVector a, FloatVector b) {
        return switch (op) {
            case ADD -> a.add(b);
            case SUB -> a.sub(b);
            case MUL -> a.mul(b);
            case DIV -> a.div(b);
            case MAX -> a.max(b);
            case MIN -> a.min(b);
            case EQ -> FloatVector.zero(F).blend(1f, a.compare(VectorOperators.EQ, b));
            case GT -> FloatVector.zero(F).blend(1f, a.compare(VectorOperators.GT, b));
            case GE -> FloatVector.zero(F).blend(1f, a.compare(VectorOperators.GE, b));
        };
    }
}
