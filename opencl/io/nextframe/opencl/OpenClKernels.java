package io.nextframe.opencl;

import io.nextframe.core.DType;
import io.nextframe.core.Storage;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.Distribution;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.core.spi.Kernels;
import org.jocl.Pointer;

import java.util.List;

import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;

/**
 * The OpenCL backend: every op of the SPI runs as kernels on one device's in-order queue, and data crosses to the
 * host only in {@link #write} and {@link #read}. Float32 only. Instances opened on the same device share its
 * context, programs and buffer pool ({@link ClContext}); {@link #close} waits for the queue and leaves them to the
 * next instance.
 */
public final class OpenClKernels implements Kernels {
    private final ClContext ctx;
    private final LayoutOps layout;
    private final GemmOps gemm;
    private final ConvOps conv;
    private final ReduceOps reduce;
    private final NormOps norm;
    private final PoolOps pool;
    private final ResizeOps resize;
    private final PointwiseOps pointwise;
    private final LstmOps lstm;
    private final DynamicOps dynamic;
    private final RandomOps random;

    OpenClKernels(ClContext ctx) {
        this.ctx = ctx;
        this.layout = new LayoutOps(ctx);
        this.gemm = new GemmOps(ctx);
        this.reduce = new ReduceOps(ctx);
        this.conv = new ConvOps(ctx, gemm, reduce);
        this.norm = new NormOps(ctx, reduce);
        this.pool = new PoolOps(ctx);
        this.resize = new ResizeOps(ctx);
        this.pointwise = new PointwiseOps(ctx);
        this.lstm = new LstmOps(ctx);
        this.dynamic = new DynamicOps(ctx);
        this.random = new RandomOps(ctx);
    }

    /** Builds every kernel family now rather than at first use (PoCL compiles take seconds). */
    public void warmUp() {
        for (String family : List.of("layout", "gemm", "conv", "reduce", "norm", "pool", "resize", "pointwise",
                "lstm", "dynamic", "random")) {
            ctx.programs().program(family);
        }
    }

    /** The device context (programs, buffer pool), for tests of this package. */
    ClContext context() {
        return ctx;
    }

    /** Device buffers that exist now, in use or pooled: bounded in a steady loop (tests check it). */
    public long liveDeviceBuffers() {
        return ctx.pool().liveBuffers();
    }

    @Override
    public java.util.Map<String, Long> memoryCounters() {
        return ctx.pool().counters();
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String description() {
        return "opencl " + ctx.device().describe();
    }

    @Override
    public boolean supports(DType dtype) {
        return dtype == DType.F32;
    }

    @Override
    public Storage allocate(DType dtype, long elements) {
        if (dtype != DType.F32) {
            throw new IllegalArgumentException("opencl backend holds float32 only, asked for " + dtype);
        }
        return new OpenClStorage(dtype, elements, ctx.pool(), ctx.pool().acquireZeroed(elements * 4));
    }

    @Override
    public void write(Storage storage, long offset, float[] src, int srcOffset, int length) {
        // blocking: the Java array must stay put until the copy is done (enqueue calls are thread-safe)
        clEnqueueWriteBuffer(ctx.queue(), ((OpenClStorage) storage).mem(), CL_TRUE, offset * 4, length * 4L,
                Pointer.to(src).withByteOffset(srcOffset * 4L), 0, null, null);
    }

    @Override
    public void read(Storage storage, long offset, float[] dst, int dstOffset, int length) {
        clEnqueueReadBuffer(ctx.queue(), ((OpenClStorage) storage).mem(), CL_TRUE, offset * 4, length * 4L,
                Pointer.to(dst).withByteOffset(dstOffset * 4L), 0, null, null);
    }

    @Override
    public void synchronize() {
        ctx.finish();
    }

    @Override
    public void close() {
        ctx.finish();
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        layout.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, float value) {
        layout.fill(dst, value);
    }

    @Override
    public void concat(List<Tensor> inputs, int axis, Tensor out) {
        layout.concat(inputs, axis, out);
    }

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        gemm.gemm(transA, transB, alpha, a, b, beta, c);
    }

    @Override
    public void convForward(ConvSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        conv.forward(spec, x, w, bias, y);
    }

    @Override
    public void convBackwardData(ConvSpec spec, Tensor dy, Tensor w, Tensor dx) {
        conv.backwardData(spec, dy, w, dx);
    }

    @Override
    public void convBackwardWeight(ConvSpec spec, Tensor x, Tensor dy, Tensor dw, Tensor dbias) {
        conv.backwardWeight(spec, x, dy, dw, dbias);
    }

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 boolean training, float momentum, float eps, Tensor y, Tensor saveMean,
                                 Tensor saveInvStd) {
        norm.forward(x, gamma, beta, runningMean, runningVar, training, momentum, eps, y, saveMean, saveInvStd);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, boolean training,
                                  Tensor dy, Tensor dx, Tensor dgamma, Tensor dbeta) {
        norm.backward(x, gamma, saveMean, saveInvStd, training, dy, dx, dgamma, dbeta);
    }

    @Override
    public void poolForward(PoolSpec spec, Tensor x, Tensor y) {
        pool.forward(spec, x, y);
    }

    @Override
    public void poolBackward(PoolSpec spec, Tensor x, Tensor dy, Tensor dx) {
        pool.backward(spec, x, dy, dx);
    }

    @Override
    public void resizeForward(ResizeMode mode, boolean alignCorners, Tensor x, Tensor y) {
        resize.forward(mode, alignCorners, x, y);
    }

    @Override
    public void resizeBackward(ResizeMode mode, boolean alignCorners, Tensor dy, Tensor dx) {
        resize.backward(mode, alignCorners, dy, dx);
    }

    @Override
    public void unary(UnaryOp op, float a, float b, Tensor x, Tensor y) {
        pointwise.unary(op, a, b, x, y);
    }

    @Override
    public void unaryBackward(UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        pointwise.unaryBackward(op, a, b, x, y, dy, dx);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor y) {
        pointwise.binary(op, a, b, y);
    }

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor y) {
        reduce.reduce(op, x, y);
    }

    @Override
    public void softmax(boolean log, int axis, Tensor x, Tensor y) {
        reduce.softmax(log, axis, x, y);
    }

    @Override
    public void softmaxBackward(boolean log, int axis, Tensor y, Tensor dy, Tensor dx) {
        reduce.softmaxBackward(log, axis, y, dy, dx);
    }

    @Override
    public void lstmCellForward(Tensor gates, Tensor cPrev, Tensor h, Tensor c) {
        lstm.forward(gates, cPrev, h, c);
    }

    @Override
    public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates,
                                 Tensor dcPrev) {
        lstm.backward(gates, cPrev, c, dh, dc, dGates, dcPrev);
    }

    @Override
    public void localFilterForward(Tensor x, Tensor filters, int kh, int kw, Tensor y) {
        dynamic.localFilterForward(x, filters, kh, kw, y);
    }

    @Override
    public void localFilterBackward(Tensor x, Tensor filters, int kh, int kw, Tensor dy, Tensor dx,
                                    Tensor dFilters) {
        dynamic.localFilterBackward(x, filters, kh, kw, dy, dx, dFilters);
    }

    @Override
    public void crossConvForward(Tensor x, Tensor k, int padH, int padW, Tensor y) {
        dynamic.crossConvForward(x, k, padH, padW, y);
    }

    @Override
    public void crossConvBackward(Tensor x, Tensor k, int padH, int padW, Tensor dy, Tensor dx, Tensor dk) {
        dynamic.crossConvBackward(x, k, padH, padW, dy, dx, dk);
    }

    @Override
    public void fillRandom(Distribution dist, long seed, long stream, long counter, float a, float b, Tensor t) {
        random.fill(dist, seed, stream, counter, a, b, t);
    }
}
