package io.nextframe.opencl;

import io.nextframe.core.Tensor;
import org.jocl.cl_mem;

/** Helpers every op family shares: a tensor's buffer and element offset, sizes, scratch buffers, geometry. */
abstract class ClOps {
    /** Work-group size of the 1-D elementwise launches: fixed, so results never depend on the device. */
    static final int LOCAL_1D = 64;

    final ClContext ctx;

    ClOps(ClContext ctx) {
        this.ctx = ctx;
    }

    static cl_mem mem(Tensor t) {
        return ((OpenClStorage) t.storage()).mem();
    }

    static int off(Tensor t) {
        return Math.toIntExact(t.offset());
    }

    static int n(Tensor t) {
        if (t.offset() + t.size() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor " + t.describe() + " exceeds the OpenCL backend's 2³¹-element"
                    + " index range");
        }
        return (int) t.size();
    }

    ClLaunch launch(String family, String kernel) {
        return ctx.launch(family, kernel);
    }

    ClBufferPool.Buffer scratch(long floats) {
        return ctx.pool().acquire(Math.max(1, floats) * 4);
    }

    /** Scratch for {@code count} values of the kernels' accumulator type (acc_t: double on fp64 devices). */
    ClBufferPool.Buffer accScratch(long count) {
        return ctx.pool().acquire(Math.max(1, count) * (ctx.device().fp64() ? 8 : 4));
    }

    void release(ClBufferPool.Buffer b) {
        ctx.pool().release(b);
    }

    /** Spatial dims of an (N, C, *spatial) tensor as (D, H, W), 1-padded in front. */
    static int[] spatial3(Tensor t) {
        int d = t.rank() - 2;
        int[] s = {1, 1, 1};
        for (int i = 0; i < d; i++) {
            s[3 - d + i] = t.dim(2 + i);
        }
        return s;
    }

    /** Per-axis parameters of a d-axis spec as (D, H, W) with {@code fill} in front. */
    static int[] pad3(int[] v, int fill) {
        int[] s = {fill, fill, fill};
        System.arraycopy(v, 0, s, 3 - v.length, v.length);
        return s;
    }

    static int volume(int[] d3) {
        return d3[0] * d3[1] * d3[2];
    }

    static long roundUp(long v, int m) {
        return (v + m - 1) / m * m;
    }
}
