package io.nextframe.opencl;

import io.nextframe.core.Tensor;

import java.util.List;

import static org.jocl.CL.clEnqueueCopyBuffer;

/** copy (strided views), fill and concat; kernels in kernels/layout.cl. */
final class LayoutOps extends ClOps {
    static final int MAX_RANK = 8;

    LayoutOps(ClContext ctx) {
        super(ctx);
    }

    void copy(Tensor src, Tensor dst) {
        int n = n(src);
        n(dst);
        if (src.isContiguous() && dst.isContiguous()) {
            clEnqueueCopyBuffer(ctx.queue(), mem(src), mem(dst), src.offset() * 4, dst.offset() * 4, n * 4L, 0,
                    null, null);
            return;
        }
        if (src.rank() > MAX_RANK) {
            throw new IllegalArgumentException("copy: " + src.describe() + " has rank " + src.rank()
                    + "; the OpenCL backend copies views of at most " + MAX_RANK + " axes");
        }
        launch("layout", "copy_strided").i(n).i(src.rank()).i8(src.shape().dims())
                .mem(mem(src)).i(off(src)).i8(ints(src.strides()))
                .mem(mem(dst)).i(off(dst)).i8(ints(dst.strides()))
                .run1(n, LOCAL_1D);
    }

    void fill(Tensor dst, float value) {
        int n = n(dst);
        launch("layout", "fill").i(n).mem(mem(dst)).i(off(dst)).f(value).run1(n, LOCAL_1D);
    }

    /** Each input is copied into its slab of {@code out} along {@code axis}, a strided view. */
    void concat(List<Tensor> inputs, int axis, Tensor out) {
        int start = 0;
        for (Tensor in : inputs) {
            int len = in.dim(axis);
            copy(in, out.slice(axis, start, start + len));
            start += len;
        }
    }

    static int[] ints(long[] v) {
        int[] r = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = Math.toIntExact(v[i]);
        }
        return r;
    }
}
