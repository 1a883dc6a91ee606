package io.nextframe.simd;

import io.nextframe.core.Tensor;
import jdk.incubator.vector.FloatVector;

import java.lang.foreign.MemorySegment;

import static io.nextframe.simd.Vec.F;
import static io.nextframe.simd.Vec.ORDER;
import java.util.List;

import static io.nextframe.simd.Vec.BLOCK;
import static io.nextframe.simd.Vec.L;

/** copy (the one op that sees strided views), fill and concat. */
final class SimdLayout {
    private static final long FLOAT_BYTES = 4;

    private SimdLayout() {
    }

    /**
     * dst = src elementwise. Three paths: both contiguous (one bulk copy per block); both with a unit stride on the
     * last axis (a bulk copy per row); anything else (an odometer over the outer axes, strided inner loop).
     */
    static void copy(WorkerPool pool, Tensor src, Tensor dst) {
        MemorySegment s = Vec.seg(src), d = Vec.seg(dst);
        long n = src.size();
        if (src.isContiguous() && dst.isContiguous()) {
            long so = src.offset(), dO = dst.offset();
            pool.parallelFor(Vec.blocks(n), 1, (from, to) -> {
                long start = (long) from * BLOCK, end = Math.min(n, (long) to * BLOCK);
                MemorySegment.copy(s, (so + start) * FLOAT_BYTES, d, (dO + start) * FLOAT_BYTES,
                        (end - start) * FLOAT_BYTES);
            });
            return;
        }
        int rank = src.rank();
        int[] dims = src.shape().dims();
        long[] ss = src.strides(), ds = dst.strides();
        int last = dims[rank - 1];
        long sLast = ss[rank - 1], dLast = ds[rank - 1];
        long rows = n / last;
        int grain = Math.max(1, BLOCK / last);
        pool.parallelFor(Math.toIntExact(rows), grain, (from, to) -> {
            for (long r = from; r < to; r++) {
                long so = src.offset(), dO = dst.offset(), rest = r;
                for (int ax = rank - 2; ax >= 0; ax--) {
                    long i = rest % dims[ax];
                    rest /= dims[ax];
                    so += i * ss[ax];
                    dO += i * ds[ax];
                }
                if (sLast == 1 && dLast == 1) {
                    MemorySegment.copy(s, so * FLOAT_BYTES, d, dO * FLOAT_BYTES, last * FLOAT_BYTES);
                } else {
                    for (int j = 0; j < last; j++) {
                        Vec.set(d, dO + j * dLast, Vec.get(s, so + j * sLast));
                    }
                }
            }
        });
    }

    static void fill(WorkerPool pool, Tensor dst, float value) {
        MemorySegment d = Vec.seg(dst);
        long base = dst.offset(), n = dst.size();
        FloatVector v = FloatVector.broadcast(Vec.F, value);
        pool.parallelFor(Vec.blocks(n), 1, (from, to) -> {
            long start = (long) from * BLOCK, end = Math.min(n, (long) to * BLOCK);
            long i = start;
            for (long bound = start + Vec.F.loopBound(end - start); i < bound; i += L) {
                v.intoMemorySegment(d, (base + i) << 2, ORDER);
            }
            for (; i < end; i++) {
                Vec.set(d, base + i, value);
            }
        });
    }

    /** Each outer index (the axes before {@code axis}) copies one run of every input in turn. */
    static void concat(WorkerPool pool, List<Tensor> inputs, int axis, Tensor out) {
        MemorySegment d = Vec.seg(out);
        long inner = out.shape().sizeOf(axis + 1, out.rank());
        long outer = out.shape().sizeOf(0, axis);
        long outRow = out.dim(axis) * inner;
        int k = inputs.size();
        long[] runs = new long[k], starts = new long[k];
        long acc = 0;
        for (int i = 0; i < k; i++) {
            runs[i] = inputs.get(i).dim(axis) * inner;
            starts[i] = acc;
            acc += runs[i];
        }
        int grain = (int) Math.max(1, BLOCK / Math.max(1, outRow));
        pool.parallelFor(Math.toIntExact(outer), grain, (from, to) -> {
            for (long o = from; o < to; o++) {
                for (int i = 0; i < k; i++) {
                    Tensor t = inputs.get(i);
                    MemorySegment.copy(Vec.seg(t), (t.offset() + o * runs[i]) * FLOAT_BYTES, d,
                            (out.offset() + o * outRow + starts[i]) * FLOAT_BYTES, runs[i] * FLOAT_BYTES);
                }
            }
        });
    }
}
