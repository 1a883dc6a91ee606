package io.nextframe.simd;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.Arena;
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
     * y[0, n) = f(a, b) where a non-dense operand is the one value at its offset. A constant operand is first spread
     * over a per-thread run, so every op has one dense-dense loop; the last partial vector runs through the same loop
     * on zero-padded scratch vectors. (A loop per operand mode calling a switch over the ops boxed every vector once
     * several ops had run: the inlined switches passed C2's node-count cutoff.)
     */
    private static void runOp(BinaryOp op, MemorySegment as, long ao, boolean aDense, MemorySegment bs, long bo,
                              boolean bDense, MemorySegment ys, long yo, int n) {
        MemorySegment runs = RUNS.get();
        if (!aDense) {
            spread(Vec.get(as, ao), runs, 0, n);
            as = runs;
            ao = 0;
        }
        if (!bDense) {
            spread(Vec.get(bs, bo), runs, Vec.BLOCK, n);
            bs = runs;
            bo = Vec.BLOCK;
        }
        int bound = F.loopBound(n), rest = n - bound;
        loop(op, as, ao, bs, bo, ys, yo, bound);
        if (rest > 0) {
            MemorySegment t = Vec.scratch();
            Vec.toScratch(as, ao + bound, rest, t, 0);
            Vec.toScratch(bs, bo + bound, rest, t, L);
            loop(op, t, 0, t, L, t, 2L * L, L);
            Vec.fromScratch(t, 2L * L, ys, yo + bound, rest);
        }
    }

    /** Per thread, two runs of {@link Vec#BLOCK} floats for spread constants. */
    private static final ThreadLocal<MemorySegment> RUNS =
            ThreadLocal.withInitial(() -> Arena.global().allocate(8L * Vec.BLOCK, 64));

    private static void spread(float v, MemorySegment s, long at, int n) {
        FloatVector c = FloatVector.broadcast(F, v);
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            c.intoMemorySegment(s, (at + i) << 2, ORDER);
        }
        for (; i < n; i++) {
            Vec.set(s, at + i, v);
        }
    }

    /** y = a op b over [0, n), n a multiple of L: picks the op's loop. */
    private static void loop(BinaryOp op, MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys,
                             long yo, int n) {
        switch (op) {
            case ADD -> add(as, ao, bs, bo, ys, yo, n);
            case SUB -> sub(as, ao, bs, bo, ys, yo, n);
            case MUL -> mul(as, ao, bs, bo, ys, yo, n);
            case DIV -> div(as, ao, bs, bo, ys, yo, n);
            case MAX -> max(as, ao, bs, bo, ys, yo, n);
            case MIN -> min(as, ao, bs, bo, ys, yo, n);
            case EQ -> eq(as, ao, bs, bo, ys, yo, n);
            case GT -> gt(as, ao, bs, bo, ys, yo, n);
            case GE -> ge(as, ao, bs, bo, ys, yo, n);
        }
    }

    private static void add(MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys, long yo,
                            int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector a = FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER);
            FloatVector b = FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER);
            a.add(b).intoMemorySegment(ys, (yo + i) << 2, ORDER);
        }
    }

    private static void sub(MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys, long yo,
                            int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector a = FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER);
            FloatVector b = FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER);
            a.sub(b).intoMemorySegment(ys, (yo + i) << 2, ORDER);
        }
    }

    private static void mul(MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys, long yo,
                            int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector a = FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER);
            FloatVector b = FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER);
            a.mul(b).intoMemorySegment(ys, (yo + i) << 2, ORDER);
        }
    }

    private static void div(MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys, long yo,
                            int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector a = FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER);
            FloatVector b = FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER);
            a.div(b).intoMemorySegment(ys, (yo + i) << 2, ORDER);
        }
    }

    private static void max(MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys, long yo,
                            int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector a = FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER);
            FloatVector b = FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER);
            a.max(b).intoMemorySegment(ys, (yo + i) << 2, ORDER);
        }
    }

    private static void min(MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys, long yo,
                            int n) {
        for (int i = 0; i < n; i += L) {
            FloatVector a = FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER);
            FloatVector b = FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER);
            a.min(b).intoMemorySegment(ys, (yo + i) << 2, ORDER);
        }
    }

    private static void eq(MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys, long yo,
                           int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector a = FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER);
            FloatVector b = FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER);
            zero.blend(1f, a.compare(VectorOperators.EQ, b)).intoMemorySegment(ys, (yo + i) << 2, ORDER);
        }
    }

    private static void gt(MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys, long yo,
                           int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector a = FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER);
            FloatVector b = FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER);
            zero.blend(1f, a.compare(VectorOperators.GT, b)).intoMemorySegment(ys, (yo + i) << 2, ORDER);
        }
    }

    private static void ge(MemorySegment as, long ao, MemorySegment bs, long bo, MemorySegment ys, long yo,
                           int n) {
        FloatVector zero = FloatVector.zero(F);
        for (int i = 0; i < n; i += L) {
            FloatVector a = FloatVector.fromMemorySegment(F, as, (ao + i) << 2, ORDER);
            FloatVector b = FloatVector.fromMemorySegment(F, bs, (bo + i) << 2, ORDER);
            zero.blend(1f, a.compare(VectorOperators.GE, b)).intoMemorySegment(ys, (yo + i) << 2, ORDER);
        }
    }
}
