package io.nextframe.simd;

import io.nextframe.core.DType;
import io.nextframe.core.Storage;
import io.nextframe.core.Tensor;
import io.nextframe.core.cpu.CpuMemory;
import io.nextframe.core.cpu.CpuStorage;
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
 * The {@code simd} backend: every op of the {@link Kernels} SPI in Vector API code on one {@link WorkerPool} per
 * instance. Work is split over outputs (or fixed-size blocks of them), never over a reduction by thread count, so
 * results are bitwise identical for any number of threads. Storage is 64-byte-aligned native memory from a
 * {@link CpuMemory} pool; this backend holds float32 only.
 */
public final class SimdKernels implements Kernels {
    /**
     * Released memory the pool keeps for reuse. A training step's working set is the graph of the whole unrolled
     * sequence (a DFN step at batch 8 ≈ 1.7 GiB of live tensors, an SVG-LP step of the full config more): below it,
     * every step handed the excess back to the system and took it again, zero-filled and page-faulted, which cost
     * 7–14% of a DFN step. The pool only ever holds memory the process already needed at its peak.
     */
    private static final long DEFAULT_POOLED_BYTES = 4L << 30;

    private final WorkerPool pool;
    private final CpuMemory memory;

    // ---- GEMM and convolution: the one place where their implementation is chosen --------------------------------
    private final SimdGemm gemm;
    private final SimdConv conv;

    /** A backend with one worker per core (or {@code -Dnextframe.threads}). */
    public SimdKernels() {
        this(WorkerPool.defaultThreads());
    }

    public SimdKernels(int threads) {
        this.pool = new WorkerPool(threads);
        this.memory = new CpuMemory(Long.getLong("nextframe.simd.pooledBytes", DEFAULT_POOLED_BYTES));
        this.gemm = new SimdGemm(pool);
        this.conv = new SimdConv(pool, gemm);
    }

    public int threads() {
        return pool.threads();
    }

    // ---- identity and memory ------------------------------------------------------------------------------------

    @Override
    public String name() {
        return "simd";
    }

    @Override
    public String description() {
        return "simd: Vector API " + Vec.F.vectorBitSize() + "-bit (" + Vec.L + " floats), " + pool.threads()
                + " thread" + (pool.threads() == 1 ? "" : "s");
    }

    @Override
    public boolean supports(DType dtype) {
        return dtype == DType.F32;
    }

    @Override
    public java.util.Map<String, Long> memoryCounters() {
        return memory.counters();
    }

    @Override
    public Storage allocate(DType dtype, long elements) {
        if (dtype != DType.F32) {
            throw new IllegalArgumentException("simd backend holds float32 only, asked for " + dtype);
        }
        return memory.allocate(dtype, elements);
    }

    private static MemorySegment segment(Storage storage, long offset, int length, String op) {
        if (!(storage instanceof CpuStorage cs) || storage.dtype() != DType.F32) {
            throw new IllegalArgumentException(op + ": storage " + storage + " is not float32 CPU storage");
        }
        if (offset < 0 || length < 0 || offset + length > storage.elements()) {
            throw new IndexOutOfBoundsException(op + ": elements [" + offset + ", " + (offset + length)
                    + ") outside a storage of " + storage.elements());
        }
        return cs.segment();
    }

    @Override
    public void write(Storage storage, long offset, float[] src, int srcOffset, int length) {
        MemorySegment s = segment(storage, offset, length, "write");
        MemorySegment.copy(src, srcOffset, s, ValueLayout.JAVA_FLOAT, offset * 4, length);
    }

    @Override
    public void read(Storage storage, long offset, float[] dst, int dstOffset, int length) {
        MemorySegment s = segment(storage, offset, length, "read");
        MemorySegment.copy(s, ValueLayout.JAVA_FLOAT, offset * 4, dst, dstOffset, length);
    }

    @Override
    public void close() {
        pool.close();
        memory.trim();
    }

    // ---- layout ----------------------------------------------------------------------------------------------

    @Override
    public void copy(Tensor src, Tensor dst) {
        SimdLayout.copy(pool, src, dst);
    }

    @Override
    public void fill(Tensor dst, float value) {
        SimdLayout.fill(pool, dst, value);
    }

    @Override
    public void concat(List<Tensor> inputs, int axis, Tensor out) {
        SimdLayout.concat(pool, inputs, axis, out);
    }

    // ---- linear algebra and convolution ---------------------------------------------------------------------

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

    // ---- normalisation -----------------------------------------------------------------------------------------

    @Override
    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 boolean training, float momentum, float eps, Tensor y, Tensor saveMean,
                                 Tensor saveInvStd) {
        SimdBatchNorm.forward(pool, x, gamma, beta, runningMean, runningVar, training, momentum, eps, y, saveMean,
                saveInvStd);
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, boolean training,
                                  Tensor dy, Tensor dx, Tensor dgamma, Tensor dbeta) {
        SimdBatchNorm.backward(pool, x, gamma, saveMean, saveInvStd, training, dy, dx, dgamma, dbeta);
    }

    // ---- resampling --------------------------------------------------------------------------------------------

    @Override
    public void poolForward(PoolSpec spec, Tensor x, Tensor y) {
        SimdPool.forward(pool, spec, x, y);
    }

    @Override
    public void poolBackward(PoolSpec spec, Tensor x, Tensor dy, Tensor dx) {
        SimdPool.backward(pool, spec, x, dy, dx);
    }

    @Override
    public void resizeForward(ResizeMode mode, boolean alignCorners, Tensor x, Tensor y) {
        SimdResize.forward(pool, mode, alignCorners, x, y);
    }

    @Override
    public void resizeBackward(ResizeMode mode, boolean alignCorners, Tensor dy, Tensor dx) {
        SimdResize.backward(pool, mode, alignCorners, dy, dx);
    }

    // ---- pointwise ---------------------------------------------------------------------------------------------

    @Override
    public void unary(UnaryOp op, float a, float b, Tensor x, Tensor y) {
        SimdUnary.forward(pool, op, a, b, x, y);
    }

    @Override
    public void unaryBackward(UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        SimdUnary.backward(pool, op, a, b, x, y, dy, dx);
    }

    @Override
    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor y) {
        SimdBinary.apply(pool, op, a, b, y);
    }

    // ---- reduction ---------------------------------------------------------------------------------------------

    @Override
    public void reduce(ReduceOp op, Tensor x, Tensor y) {
        SimdReduce.reduce(pool, op, x, y);
    }

    @Override
    public void softmax(boolean log, int axis, Tensor x, Tensor y) {
        SimdSoftmax.forward(pool, log, axis, x, y);
    }

    @Override
    public void softmaxBackward(boolean log, int axis, Tensor y, Tensor dy, Tensor dx) {
        SimdSoftmax.backward(pool, log, axis, y, dy, dx);
    }

    // ---- recurrent ---------------------------------------------------------------------------------------------

    @Override
    public void lstmCellForward(Tensor gates, Tensor cPrev, Tensor h, Tensor c) {
        SimdLstm.forward(pool, gates, cPrev, h, c);
    }

    @Override
    public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates,
                                 Tensor dcPrev) {
        SimdLstm.backward(pool, gates, cPrev, c, dh, dc, dGates, dcPrev);
    }

    // ---- seed-specific -----------------------------------------------------------------------------------------

    @Override
    public void localFilterForward(Tensor x, Tensor filters, int kh, int kw, Tensor y) {
        SimdLocalFilter.forward(pool, x, filters, kh, kw, y);
    }

    @Override
    public void localFilterBackward(Tensor x, Tensor filters, int kh, int kw, Tensor dy, Tensor dx,
                                    Tensor dFilters) {
        SimdLocalFilter.backward(pool, x, filters, kh, kw, dy, dx, dFilters);
    }

    @Override
    public void crossConvForward(Tensor x, Tensor k, int padH, int padW, Tensor y) {
        SimdCrossConv.forward(pool, x, k, padH, padW, y);
    }

    @Override
    public void crossConvBackward(Tensor x, Tensor k, int padH, int padW, Tensor dy, Tensor dx, Tensor dk) {
        SimdCrossConv.backward(pool, x, k, padH, padW, dy, dx, dk);
    }

    // ---- randomness --------------------------------------------------------------------------------------------

    @Override
    public void fillRandom(Distribution dist, long seed, long stream, long counter, float a, float b, Tensor t) {
        SimdRandom.fill(pool, dist, seed, stream, counter, a, b, t);
    }
}
