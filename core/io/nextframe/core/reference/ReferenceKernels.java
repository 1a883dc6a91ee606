package io.nextframe.core.reference;

import io.nextframe.core.DType;
import io.nextframe.core.Philox;
import io.nextframe.core.Storage;
import io.nextframe.core.Tensor;
import io.nextframe.core.cpu.CpuMemory;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.Distribution;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.core.spi.Kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

/**
 * The oracle backend: every op in plain single-threaded loops, computed in double and rounded once to float for F32
 * tensors. Holds F32 and F64 (the finite-difference gradient checks run in F64). Speed is no goal; being obviously
 * right is. The op families live in their own classes; this one only dispatches and moves host data.
 */
public final class ReferenceKernels implements Kernels {
    /** Keep at most this much released memory for reuse. */
    private static final long POOL_BYTES = 256L << 20;

    private final CpuMemory memory = new CpuMemory(POOL_BYTES);

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public String description() {
        return "reference: plain Java loops in float64, one thread (the test oracle)";
    }

    @Override
    public boolean supports(DType dtype) {
        return dtype == DType.F32 || dtype == DType.F64;
    }

    @Override
    public java.util.Map<String, Long> memoryCounters() {
        return memory.counters();
    }

    @Override
    public Storage allocate(DType dtype, long elements) {
        return memory.allocate(dtype, elements);
    }

    @Override
    public void write(Storage storage, long offset, float[] src, int srcOffset, int length) {
        if (storage.dtype() == DType.F32) {
            MemorySegment.copy(src, srcOffset, TensorData.segment(storage), ValueLayout.JAVA_FLOAT, offset * 4,
                    length);
        } else {
            for (int i = 0; i < length; i++) {
                TensorData.set(storage, offset + i, src[srcOffset + i]);
            }
        }
    }

    @Override
    public void read(Storage storage, long offset, float[] dst, int dstOffset, int length) {
        if (storage.dtype() == DType.F32) {
            MemorySegment.copy(TensorData.segment(storage), ValueLayout.JAVA_FLOAT, offset * 4, dst, dstOffset,
                    length);
        } else {
            for (int i = 0; i < length; i++) {
                dst[dstOffset + i] = (float) TensorData.get(storage, offset + i);
            }
        }
    }

    @Override
    public void writeDoubles(Storage storage, long offset, double[] src, int srcOffset, int length) {
        for (int i = 0; i < length; i++) {
            TensorData.set(storage, offset + i, src[srcOffset + i]);
        }
    }

    @Override
    public void readDoubles(Storage storage, long offset, double[] dst, int dstOffset, int length) {
        for (int i = 0; i < length; i++) {
            dst[dstOffset + i] = TensorData.get(storage, offset + i);
        }
    }

    @Override
    public void close() {
        memory.trim();
    }

    // ---- layout ----

    @Override
    public void copy(Tensor src, Tensor dst) {
        ReferenceLayout.copy(src, dst);
    }

    @Override
    public void fill(Tensor dst, float value) {
        ReferenceLayout.fill(dst, value);
    }

    @Override
    public void concat(List<Tensor> inputs, int axis, Tensor out) {
        ReferenceLayout.concat(inputs, axis, out);
    }

    // ---- linear algebra ----

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        ReferenceGemm.gemm(transA, transB, alpha, a, b, beta, c);
    }

    // ---- convolution ----

    @Override
    public void convForward(ConvSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        ReferenceConv.forward(spec, x, w, bias, y);
    }

    @Override
    public void convBackwardData(ConvSpec spec, Tensor dy, Tensor w, Tensor dx) {
        ReferenceConv.backwardData(spec, dy, w, dx);
    }

    @Override
    public void convBackwardWeight(ConvSpec spec, Tensor x, Tensor dy, Tensor dw, Tensor dbias) {
        ReferenceConv.backwardWeight(spec, x, dy, dw, dbias);
    }

    // ---- normalisation ----

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 boolean training, float momentum, float eps, Tensor y, Tensor saveMean,
                                 Tensor saveInvStd) {
        ReferenceNorm.batchNormForward(x, gamma, beta, runningMean, runningVar, training, momentum, eps, y, saveMean,
                saveInvStd);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, boolean training,
                                  Tensor dy, Tensor dx, Tensor dgamma, Tensor dbeta) {
        ReferenceNorm.batchNormBackward(x, gamma, saveMean, saveInvStd, training, dy, dx, dgamma, dbeta);
    }

    // ---- resampling ----

    @Override
    public void poolForward(PoolSpec spec, Tensor x, Tensor y) {
        ReferencePool.forward(spec, x, y);
    }

    @Override
    public void poolBackward(PoolSpec spec, Tensor x, Tensor dy, Tensor dx) {
        ReferencePool.backward(spec, x, dy, dx);
    }

    @Override
    public void resizeForward(ResizeMode mode, boolean alignCorners, Tensor x, Tensor y) {
        ReferenceResize.forward(mode, alignCorners, x, y);
    }

    @Override
    public void resizeBackward(ResizeMode mode, boolean alignCorners, Tensor dy, Tensor dx) {
        ReferenceResize.backward(mode, alignCorners, dy, dx);
    }

    // ---- pointwise ----

    @Override
    public void unary(UnaryOp op, float a, float b, Tensor x, Tensor y) {
        ReferencePointwise.unary(op, a, b, x, y);
    }

    @Override
    public void unaryBackward(UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        ReferencePointwise.unaryBackward(op, a, b, x, y, dy, dx);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor y) {
        ReferencePointwise.binary(op, a, b, y);
    }

    // ---- reduction ----

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor y) {
        ReferenceReduce.reduce(op, x, y);
    }

    @Override
    public void softmax(boolean log, int axis, Tensor x, Tensor y) {
        ReferenceReduce.softmax(log, axis, x, y);
    }

    @Override
    public void softmaxBackward(boolean log, int axis, Tensor y, Tensor dy, Tensor dx) {
        ReferenceReduce.softmaxBackward(log, axis, y, dy, dx);
    }

    // ---- recurrent ----

    @Override
    public void lstmCellForward(Tensor gates, Tensor cPrev, Tensor h, Tensor c) {
        ReferenceRecurrent.lstmCellForward(gates, cPrev, h, c);
    }

    @Override
    public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates,
                                 Tensor dcPrev) {
        ReferenceRecurrent.lstmCellBackward(gates, cPrev, c, dh, dc, dGates, dcPrev);
    }

    // ---- seed-specific ----

    @Override
    public void localFilterForward(Tensor x, Tensor filters, int kh, int kw, Tensor y) {
        ReferenceDynamicFilters.localFilterForward(x, filters, kh, kw, y);
    }

    @Override
    public void localFilterBackward(Tensor x, Tensor filters, int kh, int kw, Tensor dy, Tensor dx,
                                    Tensor dFilters) {
        ReferenceDynamicFilters.localFilterBackward(x, filters, kh, kw, dy, dx, dFilters);
    }

    @Override
    public void crossConvForward(Tensor x, Tensor k, int padH, int padW, Tensor y) {
        ReferenceDynamicFilters.crossConvForward(x, k, padH, padW, y);
    }

    @Override
    public void crossConvBackward(Tensor x, Tensor k, int padH, int padW, Tensor dy, Tensor dx, Tensor dk) {
        ReferenceDynamicFilters.crossConvBackward(x, k, padH, padW, dy, dx, dk);
    }

    // ---- randomness ----

    /** Exactly {@link Philox#fill}, in chunks so a large tensor needs no array of its size. */
    @Override
    public void fillRandom(Distribution dist, long seed, long stream, long counter, float a, float b, Tensor t) {
        float[] chunk = new float[(int) Math.min(t.size(), 1 << 16)];
        for (long start = 0; start < t.size(); start += chunk.length) {
            int n = (int) Math.min(chunk.length, t.size() - start);
            float[] part = n == chunk.length ? chunk : new float[n];
            Philox.fill(dist, seed, stream, counter + start, a, b, part);
            for (int i = 0; i < n; i++) {
                TensorData.set(t.storage(), t.offset() + start + i, part[i]);
            }
        }
    }
}
