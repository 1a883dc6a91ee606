package io.nextframe.simd;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ReduceOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;

import static io.nextframe.simd.Vec.BLOCK;
import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.L;
import static io.nextframe.simd.Vec.ORDER;

/**
 * Sum, mean and max over the axes where y has size 1. x's axes are merged into alternating groups of reduced and kept
 * axes. When the innermost group is reduced, each output accumulates contiguous runs in vector lanes; when it is kept,
 * a block of adjacent outputs accumulates whole vectors of x. Either way every output is computed by one task in one
 * fixed order, so the result does not depend on the number of threads.
 */
final class SimdReduce {
    private SimdReduce() {
    }

    /** x's shape as merged groups: extent, contiguous stride in x, and whether the group is reduced. */
    private record Groups(int[] size, long[] stride, boolean[] reduced, int count) {
        static Groups of(Tensor x, Tensor y) {
            int r = x.rank();
            int[] size = new int[r];
            boolean[] red = new boolean[r];
            int g = 0;
            for (int i = 0; i < r; i++) {
                if (x.dim(i) == 1) {
                    continue;
                }
                boolean ri = y.dim(i) == 1;
                if (g > 0 && red[g - 1] == ri) {
                    size[g - 1] *= x.dim(i);
                } else {
                    size[g] = x.dim(i);
                    red[g] = ri;
                    g++;
                }
            }
            long[] stride = new long[g];
            long acc = 1;
            for (int i = g - 1; i >= 0; i--) {
                stride[i] = acc;
                acc *= size[i];
            }
            return new Groups(size, stride, red, g);
        }
    }

    static void reduce(WorkerPool pool, ReduceOp op, Tensor x, Tensor y) {
        Groups gr = Groups.of(x, y);
        MemorySegment xs = Vec.seg(x), ys = Vec.seg(y);
        long count = x.size() / y.size();
        if (gr.count() == 0 || !gr.reduced()[gr.count() - 1]) {
            reduceKeptInner(pool, op, gr, xs, x.offset(), ys, y.offset(), y.size(), count);
        } else {
            reduceReducedInner(pool, op, gr, xs, x.offset(), ys, y.offset(), y.size(), count);
        }
    }

    /** Innermost group reduced: output o sums contiguous runs of length I. */
    private static void reduceReducedInner(WorkerPool pool, ReduceOp op, Groups gr, MemorySegment xs, long xo,
                                           MemorySegment ys, long yo, long outputs, long count) {
        int g = gr.count();
        int inner = gr.size()[g - 1];
        pool.parallelFor(Math.toIntExact(outputs), (int) Math.max(1, BLOCK / count), (from, to) -> {
            int[] ctr = new int[g];
            for (int o = from; o < to; o++) {
                long base = xo + keptOffset(gr, o);
                Arrays.fill(ctr, 0);
                boolean max = op == ReduceOp.MAX;
                FloatVector acc = FloatVector.broadcast(F, max ? Float.NEGATIVE_INFINITY : 0f);
                float tail = max ? Float.NEGATIVE_INFINITY : 0f;
                long off = 0;
                do {
                    long p = base + off;
                    int i = 0;
                    for (int bound = F.loopBound(inner); i < bound; i += L) {
                        FloatVector v = FloatVector.fromMemorySegment(F, xs, (p + i) << 2, ORDER);
                        acc = max ? acc.max(v) : acc.add(v);
                    }
                    for (; i < inner; i++) {
                        float v = Vec.get(xs, p + i);
                        tail = max ? Math.max(tail, v) : tail + v;
                    }
                    off = nextReduced(gr, ctr, off, g - 1);
                } while (off >= 0);
                float r = max ? Math.max(acc.reduceLanes(VectorOperators.MAX), tail)
                        : Vec.sum(acc) + tail;
                Vec.set(ys, yo + o, op == ReduceOp.MEAN ? r / count : r);
            }
        });
    }

    /** Innermost group kept (or nothing reduced): a block of adjacent outputs accumulates vectors of x in place. */
    private static void reduceKeptInner(WorkerPool pool, ReduceOp op, Groups gr, MemorySegment xs, long xo,
                                        MemorySegment ys, long yo, long outputs, long count) {
        int g = gr.count();
        int inner = g == 0 ? 1 : gr.size()[g - 1];
        long rows = outputs / inner;
        int pieces = Vec.blocks(inner);
        pool.parallelFor(Math.toIntExact(rows * pieces), Math.max(1, (int) (BLOCK / Math.max(1, count * inner))),
                (from, to) -> {
                    int[] ctr = new int[Math.max(1, g)];
                    for (int t = from; t < to; t++) {
                        long row = t / pieces;
                        int start = (t % pieces) * BLOCK, len = Math.min(BLOCK, inner - start);
                        long base = xo + (g == 0 ? 0 : keptOffset(gr, row * inner)) + start;
                        long out = yo + row * inner + start;
                        Arrays.fill(ctr, 0);
                        long off = 0;
                        boolean first = true;
                        do {
                            accumulate(op, xs, base + off, ys, out, len, first);
                            first = false;
                            off = g == 0 ? -1 : nextReduced(gr, ctr, off, g);
                        } while (off >= 0);
                        if (op == ReduceOp.MEAN && count > 1) {
                            scale(ys, out, len, count);
                        }
                    }
                });
    }

    /** y[0, n) = x (first) or y op x. */
    private static void accumulate(ReduceOp op, MemorySegment xs, long xp, MemorySegment ys, long yp, int n,
                                   boolean first) {
        int i = 0;
        boolean max = op == ReduceOp.MAX;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector v = FloatVector.fromMemorySegment(F, xs, (xp + i) << 2, ORDER);
            if (!first) {
                FloatVector y = FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER);
                v = max ? y.max(v) : y.add(v);
            }
            v.intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
        for (; i < n; i++) {
            float v = Vec.get(xs, xp + i);
            if (!first) {
                float y = Vec.get(ys, yp + i);
                v = max ? Math.max(y, v) : y + v;
            }
            Vec.set(ys, yp + i, v);
        }
    }

    /** y /= count (a division, like the scalar path of the other case). */
    private static void scale(MemorySegment ys, long yp, int n, long count) {
        float c = count;
        int i = 0;
        for (int bound = F.loopBound(n); i < bound; i += L) {
            FloatVector.fromMemorySegment(F, ys, (yp + i) << 2, ORDER).div(c)
                    .intoMemorySegment(ys, (yp + i) << 2, ORDER);
        }
        for (; i < n; i++) {
            Vec.set(ys, yp + i, Vec.get(ys, yp + i) / c);
        }
    }

    /** Offset in x of output {@code o}'s kept-group indices (outputs are row-major over the kept groups). */
    private static long keptOffset(Groups gr, long o) {
        long off = 0;
        long rest = o;
        for (int i = gr.count() - 1; i >= 0; i--) {
            if (gr.reduced()[i]) {
                continue;
            }
            long idx = rest % gr.size()[i];
            rest /= gr.size()[i];
            off += idx * gr.stride()[i];
        }
        return off;
    }

    /** Advances the odometer over the reduced groups among [0, end); −1 when it wraps. */
    private static long nextReduced(Groups gr, int[] ctr, long off, int end) {
        for (int i = end - 1; i >= 0; i--) {
            if (!gr.reduced()[i]) {
                continue;
            }
            if (++ctr[i] < gr.size()[i]) {
                return off + gr.stride()[i];
            }
            off -= (long) (ctr[i] - 1) * gr.stride()[i];
            ctr[i] = 0;
        }
        return -1;
    }
}
