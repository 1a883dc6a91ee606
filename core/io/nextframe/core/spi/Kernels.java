package io.nextframe.core.spi;

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

import java.util.List;

/**
 * The backend service-provider interface: coarse ops (a convolution, not a loop), each with the backward ops
 * training needs. Implemented by {@code reference}, {@code simd} and {@code opencl}; users never call it directly but
 * go through {@link io.nextframe.core.Backend}, which checks every argument (shapes, dtypes, owning backend, closed
 * tensors) before a kernel runs and hands kernels only
 * <ul>
 *   <li>tensors of this backend, open, of the dtype the op was checked for;</li>
 *   <li><b>contiguous</b> inputs and outputs (it copies non-contiguous views first; only {@link #copy} sees strides),
 *       whose data starts at {@link Tensor#offset()} elements into {@link Tensor#storage()};</li>
 *   <li>outputs that do not alias inputs, with exactly the shapes documented here.</li>
 * </ul>
 * Outputs are overwritten, never accumulated into (except {@code gemm} with β ≠ 0). On one backend, results are
 * bitwise identical for any number of worker threads: split work over outputs, never a reduction by thread count.
 */
public interface Kernels extends AutoCloseable {

    // ---- identity and memory ------------------------------------------------------------------------------------

    /** The name users select it by: "reference", "simd", "opencl". */
    String name();

    /** One line for logs and {@code nextframe backends}: device, threads, vector width. */
    String description();

    boolean supports(DType dtype);

    /** Zero-filled storage for {@code elements} values. */
    Storage allocate(DType dtype, long elements);

    /** Copies {@code length} floats from {@code src[srcOffset…]} to storage elements {@code [offset, offset+length)}. */
    void write(Storage storage, long offset, float[] src, int srcOffset, int length);

    void read(Storage storage, long offset, float[] dst, int dstOffset, int length);

    /** As {@link #write(Storage, long, float[], int, int)} for F64 storage (reference backend only). */
    default void writeDoubles(Storage storage, long offset, double[] src, int srcOffset, int length) {
        throw new UnsupportedOperationException(name() + " backend holds float32 only");
    }

    default void readDoubles(Storage storage, long offset, double[] dst, int dstOffset, int length) {
        throw new UnsupportedOperationException(name() + " backend holds float32 only");
    }

    /** Waits until every queued op has finished (a no-op on synchronous CPU backends). */
    /**
     * Counters of the memory this backend holds beyond its tensors' bytes, by name (native segments and bytes of a
     * CPU pool, device buffers of OpenCL), for leak checks and soak logs; empty when it keeps none.
     */
    default java.util.Map<String, Long> memoryCounters() {
        return java.util.Map.of();
    }

    default void synchronize() {
    }

    @Override
    default void close() {
    }

    // ---- layout ----------------------------------------------------------------------------------------------

    /** dst[i…] = src[i…] for every index; both may be strided views of the same shape (they never overlap). */
    void copy(Tensor src, Tensor dst);

    void fill(Tensor dst, float value);

    /** Concatenation along {@code axis}: inputs agree with {@code out} on every other axis. */
    void concat(List<Tensor> inputs, int axis, Tensor out);

    // ---- linear algebra ----------------------------------------------------------------------------------------

    /**
     * C = α·op(A)·op(B) + β·C with op(X) = Xᵀ when the flag is set. Rank 2: A (M,K) or (K,M), B (K,N) or (N,K),
     * C (M,N). Rank 3 (batched): a leading batch dim on C; A's and B's batch dim equals C's or is 1 (broadcast).
     * With β = 0, C's prior contents are ignored (NaN included).
     */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    // ---- convolution -------------------------------------------------------------------------------------------

    /** y = conv(x, w) + bias; x (N,Cin,*in), w (Cout,Cin/g,*k), bias (Cout) or null, y (N,Cout,*out). */
    void convForward(ConvSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y);

    /**
     * dx = convᵀ(dy, w), the exact adjoint of {@link #convForward} in x: ⟨conv(x,w), dy⟩ = ⟨x, dx⟩.
     * The shape of dx fixes the input extent (a transposed convolution's output padding).
     */
    void convBackwardData(ConvSpec spec, Tensor dy, Tensor w, Tensor dx);

    /** dw = ∂⟨conv(x,w), dy⟩/∂w; dbias (Cout) = Σ dy over N and space, or null to skip. */
    void convBackwardWeight(ConvSpec spec, Tensor x, Tensor dy, Tensor dw, Tensor dbias);

    // ---- normalisation -----------------------------------------------------------------------------------------

    /**
     * Batch norm over axis 1 of x (N,C,*). training: batch mean and biased variance normalise x; when
     * runningMean/runningVar are given they become (1−momentum)·running + momentum·batch (unbiased variance,
     * as PyTorch). Not training: the running stats normalise. saveMean and saveInvStd (C) receive the mean and
     * 1/√(var+eps) actually used. gamma, beta (C) may be null (no affine).
     */
    void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training,
                          float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd);

    /**
     * Gradients of {@link #batchNormForward}. training: through the batch statistics; else the stats are constants.
     * dgamma, dbeta may be null (not needed / no affine).
     */
    void batchNormBackward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, boolean training, Tensor dy,
                           Tensor dx, Tensor dgamma, Tensor dbeta);

    // ---- resampling --------------------------------------------------------------------------------------------

    void poolForward(PoolSpec spec, Tensor x, Tensor y);

    /** dx of pooling; max pooling routes each dy to the first maximum of its window (row-major scan). */
    void poolBackward(PoolSpec spec, Tensor x, Tensor dy, Tensor dx);

    /** Resampling of x (N,C,*in) to y (N,C,*out), 1–3 spatial dims; see {@link ResizeMode}. */
    void resizeForward(ResizeMode mode, boolean alignCorners, Tensor x, Tensor y);

    void resizeBackward(ResizeMode mode, boolean alignCorners, Tensor dy, Tensor dx);

    // ---- pointwise ---------------------------------------------------------------------------------------------

    /** y = f(x; a, b), same shape. */
    void unary(UnaryOp op, float a, float b, Tensor x, Tensor y);

    /** dx = dy·f'(x); x and y are the forward input and output (either may be null if the op does not read it). */
    void unaryBackward(UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor dy, Tensor dx);

    /** y = f(a, b) with broadcasting; a, b and y have the same rank (the front pads ranks with leading 1s). */
    void binary(BinaryOp op, Tensor a, Tensor b, Tensor y);

    // ---- reduction ---------------------------------------------------------------------------------------------

    /** y has x's rank; every axis where y has size 1 and x does not is reduced. */
    void reduce(ReduceOp op, Tensor x, Tensor y);

    /** Softmax (or log-softmax) along {@code axis}, numerically stable (max subtracted). */
    void softmax(boolean log, int axis, Tensor x, Tensor y);

    /** dx from the forward output y: softmax dx = y(dy − Σ dy·y); log-softmax dx = dy − eʸ·Σ dy. */
    void softmaxBackward(boolean log, int axis, Tensor y, Tensor dy, Tensor dx);

    // ---- recurrent ---------------------------------------------------------------------------------------------

    /**
     * Fused LSTM cell pointwise part. gates (B,4H) = x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh, rows ordered [i, f, g, o];
     * c = σ(f)·cPrev + σ(i)·tanh(g), h = σ(o)·tanh(c). cPrev, h, c are (B,H).
     */
    void lstmCellForward(Tensor gates, Tensor cPrev, Tensor h, Tensor c);

    /** Backward of {@link #lstmCellForward}; dc (the gradient arriving at c from later steps) may be null. */
    void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor c, Tensor dh, Tensor dc, Tensor dGates, Tensor dcPrev);

    // ---- seed-specific -----------------------------------------------------------------------------------------

    /**
     * Dynamic local filtering (DFN): x (B,C,H,W), filters (B,kh·kw,H,W), y (B,C,H,W);
     * y[b,c,i,j] = Σ_k filters[b,k,i,j] · x[b,c, i + k/kw − kh/2, j + k%kw − kw/2] (zero outside).
     */
    void localFilterForward(Tensor x, Tensor filters, int kh, int kw, Tensor y);

    void localFilterBackward(Tensor x, Tensor filters, int kh, int kw, Tensor dy, Tensor dx, Tensor dFilters);

    /**
     * Cross convolution: each sample's own depthwise kernels. x (B,C,H,W), k (B,C,kh,kw), stride 1, zero padding
     * (padH, padW), cross-correlation, y (B,C,H+2padH−kh+1,W+2padW−kw+1).
     */
    void crossConvForward(Tensor x, Tensor k, int padH, int padW, Tensor y);

    void crossConvBackward(Tensor x, Tensor k, int padH, int padW, Tensor dy, Tensor dx, Tensor dk);

    // ---- randomness --------------------------------------------------------------------------------------------

    /**
     * t[i] = element {@code counter + i} (row-major i) of the distribution for ({@code seed}, {@code stream}),
     * exactly as {@link io.nextframe.core.Philox#fill}.
     */
    void fillRandom(Distribution dist, long seed, long stream, long counter, float a, float b, Tensor t);
}
