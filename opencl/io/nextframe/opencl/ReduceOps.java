package io.nextframe.opencl;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ReduceOp;
import org.jocl.cl_mem;

import java.util.ArrayList;
import java.util.List;

/**
 * Sum / mean / max over axes, softmax, and per-channel sums (kernels/reduce.cl). Long reductions are split into
 * chunks of {@link #CHUNK} elements whose partial results are combined in order by a second kernel: the partition
 * depends only on the shape, so results are bitwise reproducible on every device and run.
 */
final class ReduceOps extends ClOps {
    static final int CHUNK = 4096;

    ReduceOps(ClContext ctx) {
        super(ctx);
    }

    void reduce(ReduceOp op, Tensor x, Tensor y) {
        n(x);
        int outN = n(y);
        // group consecutive axes of the same kind (kept / reduced) so that any rank fits the 8-axis kernel
        List<int[]> kept = new ArrayList<>(), red = new ArrayList<>(); // {dim, stride}
        long[] strides = x.shape().contiguousStrides();
        Boolean lastKept = null;
        for (int i = 0; i < x.rank(); i++) {
            if (x.dim(i) == 1) {
                continue;
            }
            boolean isKept = y.dim(i) == x.dim(i);
            List<int[]> list = isKept ? kept : red;
            if (lastKept != null && lastKept == isKept) {
                int[] prev = list.get(list.size() - 1);
                prev[0] *= x.dim(i);
                prev[1] = (int) strides[i];
            } else {
                list.add(new int[] {x.dim(i), (int) strides[i]});
            }
            lastKept = isKept;
        }
        if (kept.size() > LayoutOps.MAX_RANK || red.size() > LayoutOps.MAX_RANK) {
            throw new IllegalArgumentException("reduce: " + x.describe() + " alternates kept and reduced axes more "
                    + "than " + LayoutOps.MAX_RANK + " times");
        }
        int total = (int) (x.size() / outN);
        int chunks = total >= 2 * CHUNK && outN < 4096 ? (total + CHUNK - 1) / CHUNK : 1;
        int chunkLen = chunks == 1 ? total : CHUNK;
        ClBufferPool.Buffer partial = chunks > 1 ? scratch((long) outN * chunks) : null;
        try {
            launch("reduce", "reduce_partial").i(outN).i(chunks).i(chunkLen).i(total).i(op.ordinal())
                    .i(kept.size()).i8(column(kept, 0)).i8(column(kept, 1))
                    .i(red.size()).i8(column(red, 0)).i8(column(red, 1))
                    .mem(mem(x)).i(off(x)).mem(partial == null ? mem(y) : partial.mem()).i(partial == null ? off(y) : 0)
                    .run(new long[] {outN, chunks}, new long[] {LOCAL_1D, 1});
            if (partial != null) {
                launch("reduce", "reduce_finish").i(outN).i(chunks).i(total).i(op.ordinal()).mem(partial.mem())
                        .mem(mem(y)).i(off(y)).run1(outN, LOCAL_1D);
            }
        } finally {
            if (partial != null) {
                release(partial);
            }
        }
    }

    private static int[] column(List<int[]> axes, int c) {
        int[] r = new int[axes.size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = axes.get(i)[c];
        }
        return r;
    }

    void softmax(boolean log, int axis, Tensor x, Tensor y) {
        int outer = (int) x.shape().sizeOf(0, axis), len = x.dim(axis);
        int inner = (int) x.shape().sizeOf(axis + 1, x.rank());
        n(x);
        launch("reduce", "softmax_fwd").i(outer).i(len).i(inner).i(log ? 1 : 0).mem(mem(x)).i(off(x)).mem(mem(y))
                .i(off(y)).run1((long) outer * inner, LOCAL_1D);
    }

    void softmaxBackward(boolean log, int axis, Tensor y, Tensor dy, Tensor dx) {
        int outer = (int) y.shape().sizeOf(0, axis), len = y.dim(axis);
        int inner = (int) y.shape().sizeOf(axis + 1, y.rank());
        n(y);
        launch("reduce", "softmax_bwd").i(outer).i(len).i(inner).i(log ? 1 : 0).mem(mem(y)).i(off(y)).mem(mem(dy))
                .i(off(dy)).mem(mem(dx)).i(off(dx)).run1((long) outer * inner, LOCAL_1D);
    }

    /**
     * out[c] = (1/divisor) · Σ over (N, inner) of: x (mode 0), (x − mean[c])² (mode 1), g·(x − mean[c])
     * (mode 2), for an (N, C, inner) tensor x, rounded to float. g and mean may be null where the mode does not read them.
     */
    void channelSum(int mode, int n, int c, int inner, cl_mem x, int xOff, cl_mem g, int gOff, cl_mem mean,
                    int meanOff, int divisor, cl_mem out, int outOff) {
        channelSum(mode, n, c, inner, x, xOff, g, gOff, mean, meanOff, divisor, out, outOff, false);
    }

    /** As {@link #channelSum}, unscaled, into a buffer of the accumulator type ({@link #accScratch}). */
    void channelSumAcc(int mode, int n, int c, int inner, cl_mem x, int xOff, cl_mem g, int gOff, cl_mem mean,
                       int meanOff, cl_mem out) {
        channelSum(mode, n, c, inner, x, xOff, g, gOff, mean, meanOff, 1, out, 0, true);
    }

    private void channelSum(int mode, int n, int c, int inner, cl_mem x, int xOff, cl_mem g, int gOff, cl_mem mean,
                            int meanOff, int divisor, cl_mem out, int outOff, boolean acc) {
        long total = (long) n * inner;
        int chunks = (int) Math.max(1, (total + CHUNK - 1) / CHUNK);
        ClBufferPool.Buffer partial = accScratch((long) c * chunks);
        try {
            launch("reduce", "channel_partial").i(mode).i(n).i(c).i(inner).i(chunks).i(CHUNK).mem(x).i(xOff)
                    .mem(g == null ? x : g).i(gOff).mem(mean == null ? x : mean).i(meanOff).mem(partial.mem())
                    .run(new long[] {chunks, c}, new long[] {1, 1});
            if (acc) {
                launch("reduce", "channel_finish_acc").i(c).i(chunks).mem(partial.mem()).mem(out).run1(c, LOCAL_1D);
            } else {
                launch("reduce", "channel_finish").i(c).i(chunks).i(divisor).mem(partial.mem()).mem(out).i(outOff)
                        .run1(c, LOCAL_1D);
            }
        } finally {
            release(partial);
        }
    }
}
