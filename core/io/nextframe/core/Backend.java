package io.nextframe.core;

import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.Distribution;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.core.spi.Kernels;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What users and the layers above call: allocation, scopes, host transfers and every op of the
 * {@link Kernels SPI}. Each op checks its arguments first — tensors of this backend, open, one dtype, shapes as
 * the op defines them — and throws an {@link IllegalArgumentException} (or {@link IllegalStateException} for a
 * closed tensor) naming the op, the operand and the expected versus actual shape before any kernel runs.
 * Non-contiguous views are copied to contiguous temporaries for the kernel, and non-contiguous outputs receive
 * the result through a copy, so kernels see only dense tensors.
 *
 * <p>Thread safety: ops may be called from many threads at once; scopes are per thread.
 */
public final class Backend implements AutoCloseable {
    private static final boolean LEAK_CHECK = Boolean.getBoolean("nextframe.leakCheck");

    private final Kernels kernels;
    private final String selector;
    private final ThreadLocal<ArrayDeque<Scope>> scopes = ThreadLocal.withInitial(ArrayDeque::new);
    private final AtomicLong live = new AtomicLong();
    private final AtomicLong liveBytes = new AtomicLong();
    private final Map<Tensor, Throwable> allocationSites =
            LEAK_CHECK ? Collections.synchronizedMap(new IdentityHashMap<>()) : null;
    private volatile boolean closed;
    private volatile long memoryBudget = MemoryBudget.configured();
    /** The innermost {@link #limitAllocations} of each thread, or null. */
    private final ThreadLocal<AllocationLimit> allocationLimit = new ThreadLocal<>();

    public Backend(Kernels kernels, String selector) {
        this.kernels = kernels;
        this.selector = selector;
    }

    // ---- identity --------------------------------------------------------------------------------------------

    public String name() {
        return kernels.name();
    }

    /** What was asked for, e.g. "opencl:1". */
    public String selector() {
        return selector;
    }

    public String description() {
        return kernels.description();
    }

    /** The raw kernels, for tests and benchmarks of the SPI itself; they check nothing. */
    public Kernels kernels() {
        return kernels;
    }

    public boolean supports(DType dtype) {
        return kernels.supports(dtype);
    }

    public void synchronize() {
        kernels.synchronize();
    }

    @Override
    public void close() {
        closed = true;
        kernels.close();
    }

    @Override
    public String toString() {
        return "Backend[" + name() + "]";
    }

    // ---- allocation and lifetimes -----------------------------------------------------------------------------

    public Tensor zeros(int... dims) {
        return zeros(DType.F32, Shape.of(dims));
    }

    public Tensor zeros(Shape shape) {
        return zeros(DType.F32, shape);
    }

    /** A new zero-filled contiguous tensor, owned by the innermost open scope of this thread, if any. */
    public Tensor zeros(DType dtype, Shape shape) {
        if (closed) {
            throw new IllegalStateException("backend " + name() + " is closed");
        }
        if (!kernels.supports(dtype)) {
            throw new IllegalArgumentException("backend " + name() + " does not hold " + dtype + " tensors");
        }
        long bytes = reserve(dtype, shape);
        Storage s;
        try {
            s = kernels.allocate(dtype, shape.size());
        } catch (RuntimeException | Error e) {
            liveBytes.addAndGet(-bytes);
            throw e;
        }
        Tensor t = new Tensor(this, s, shape, shape.contiguousStrides(), 0, true, null);
        live.incrementAndGet();
        if (allocationSites != null) {
            allocationSites.put(t, new Throwable("allocated " + shape + " here"));
        }
        ArrayDeque<Scope> stack = scopes.get();
        if (!stack.isEmpty()) {
            stack.peek().adopt(t);
        }
        return t;
    }

    /**
     * Counts {@code shape}'s bytes as live, or throws {@link MemoryBudgetExceededException} when they would take the
     * live total over the budget (nothing is counted or allocated then).
     */
    private long reserve(DType dtype, Shape shape) {
        long elements = shape.size();
        long bytes = Math.multiplyHigh(elements, dtype.byteSize()) != 0 ? Long.MAX_VALUE : elements * dtype.byteSize();
        while (true) {
            long used = liveBytes.get();
            long budget = memoryBudget;
            if (bytes > budget - used) {
                throw new MemoryBudgetExceededException("backend " + name() + ": " + requester() + " asks for a "
                        + dtype + " tensor of shape " + shape + " (" + MemoryBudget.format(bytes) + "), but "
                        + MemoryBudget.format(used) + " are in use by " + live.get() + " live tensors and the memory "
                        + "budget is " + MemoryBudget.format(budget) + " (-D" + MemoryBudget.PROPERTY + ", "
                        + MemoryBudget.ENV + " or Backend.setMemoryBudget)", bytes, used, budget, false);
            }
            AllocationLimit limit = allocationLimit.get();
            if (limit != null && bytes > limit.remaining) {
                throw new MemoryBudgetExceededException("backend " + name() + ": " + requester() + " asks for a "
                        + dtype + " tensor of shape " + shape + " (" + MemoryBudget.format(bytes) + "), beyond the "
                        + MemoryBudget.format(limit.bytes) + " allowed while " + limit.what + " ("
                        + MemoryBudget.format(limit.bytes - limit.remaining) + " taken so far)", bytes,
                        limit.bytes - limit.remaining, limit.bytes, true);
            }
            if (liveBytes.compareAndSet(used, used + bytes)) {
                if (limit != null) {
                    limit.remaining -= bytes;
                }
                return bytes;
            }
        }
    }

    /**
     * Limits the tensor bytes this thread may allocate on this backend, in total (frees are not credited), until
     * the returned handle is closed; a request beyond it fails with a {@link MemoryBudgetExceededException} whose
     * {@link MemoryBudgetExceededException#allocationLimit()} is true. Model loaders use it so that a file's
     * metadata cannot make them allocate more than the file's weights justify. Limits nest (the inner one applies
     * while open).
     */
    public AutoCloseable limitAllocations(long bytes, String what) {
        AllocationLimit outer = allocationLimit.get();
        AllocationLimit l = new AllocationLimit(bytes, what);
        allocationLimit.set(l);
        return () -> {
            if (allocationLimit.get() == l) {
                allocationLimit.set(outer);
            }
        };
    }

    private static final class AllocationLimit {
        final long bytes;
        final String what;
        long remaining;

        AllocationLimit(long bytes, String what) {
            this.bytes = bytes;
            this.what = what;
            this.remaining = bytes;
        }
    }

    /**
     * "op conv2d, called from io.nextframe.layers.Conv2d.forward(Conv2d.java:80)": the outermost method of this class
     * on the stack and the first frame outside the engine core. Walked only when a request fails.
     */
    private static String requester() {
        String[] found = new String[2];
        StackWalker.getInstance().forEach(f -> {
            String c = f.getClassName();
            if (found[1] != null) {
                return;
            }
            if (c.equals(Backend.class.getName())) {
                found[0] = f.getMethodName();
            } else if (found[0] != null && !c.startsWith("io.nextframe.core.")) {
                found[1] = c + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
            }
        });
        return "op " + found[0] + (found[1] == null ? "" : ", called from " + found[1] + ",");
    }

    /** The budget of live tensor bytes on this backend ({@link MemoryBudget#UNLIMITED} when none). */
    public long memoryBudget() {
        return memoryBudget;
    }

    /**
     * Sets the budget of live tensor bytes (> 0; {@link MemoryBudget#UNLIMITED} for none). Tensors already live stay;
     * later requests that would go over it fail with {@link MemoryBudgetExceededException}.
     */
    public void setMemoryBudget(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("setMemoryBudget: " + bytes + " bytes; expected > 0");
        }
        memoryBudget = bytes;
    }

    /** A tensor of the same shape and dtype as {@code like}, zero-filled. */
    public Tensor zerosLike(Tensor like) {
        return zeros(like.dtype(), like.shape());
    }

    public Tensor full(Shape shape, float value) {
        Tensor t = zeros(shape);
        if (value != 0f) {
            kernels.fill(t, value);
        }
        return t;
    }

    public Tensor fromFloats(Shape shape, float... data) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("fromFloats: " + data.length + " values for shape " + shape
                    + ", expected " + shape.size());
        }
        Tensor t = zeros(DType.F32, shape);
        kernels.write(t.storage(), 0, data, 0, data.length);
        return t;
    }

    public Tensor fromDoubles(Shape shape, double... data) {
        if (data.length != shape.size()) {
            throw new IllegalArgumentException("fromDoubles: " + data.length + " values for shape " + shape
                    + ", expected " + shape.size());
        }
        Tensor t = zeros(DType.F64, shape);
        kernels.writeDoubles(t.storage(), 0, data, 0, data.length);
        return t;
    }

    /** A contiguous copy of {@code t} on this backend. */
    public Tensor copyOf(Tensor t) {
        check("copyOf", "t", t);
        Tensor out = zeros(t.dtype(), t.shape());
        kernels.copy(t, out);
        return out;
    }

    /** Overwrites {@code dst} with {@code src} (same shape; either may be a strided view). */
    public void copy(Tensor src, Tensor dst) {
        check("copy", "src", src);
        check("copy", "dst", dst);
        sameDtype("copy", src, dst);
        expectShape("copy", "dst", dst, src.shape());
        kernels.copy(src, dst);
    }

    /** Writes host floats into {@code dst} (row-major, any view). */
    public void upload(float[] src, Tensor dst) {
        check("upload", "dst", dst);
        if (src.length != dst.size()) {
            throw new IllegalArgumentException("upload: " + src.length + " values for " + dst.describe()
                    + ", expected " + dst.size());
        }
        if (dst.isContiguous() && dst.dtype() == DType.F32) {
            kernels.write(dst.storage(), dst.offset(), src, 0, src.length);
        } else {
            try (Tensor tmp = fromFloats(dst.shape(), src)) {
                detach(tmp);
                copy(tmp, dst);
            }
        }
    }

    float[] download(Tensor t) {
        check("toFloatArray", "t", t);
        float[] out = new float[Math.toIntExact(t.size())];
        if (t.isContiguous() && t.dtype() == DType.F32) {
            kernels.read(t.storage(), t.offset(), out, 0, out.length);
        } else if (t.dtype() == DType.F64) {
            double[] d = downloadDouble(t);
            for (int i = 0; i < d.length; i++) {
                out[i] = (float) d[i];
            }
        } else {
            try (Tensor tmp = copyOf(t)) {
                detach(tmp);
                kernels.read(tmp.storage(), 0, out, 0, out.length);
            }
        }
        return out;
    }

    double[] downloadDouble(Tensor t) {
        check("toDoubleArray", "t", t);
        double[] out = new double[Math.toIntExact(t.size())];
        if (t.dtype() == DType.F32) {
            float[] f = download(t);
            for (int i = 0; i < f.length; i++) {
                out[i] = f[i];
            }
        } else if (t.isContiguous()) {
            kernels.readDoubles(t.storage(), t.offset(), out, 0, out.length);
        } else {
            try (Tensor tmp = copyOf(t)) {
                detach(tmp);
                kernels.readDoubles(tmp.storage(), 0, out, 0, out.length);
            }
        }
        return out;
    }

    void release(Tensor t) {
        if (!t.storage().isReleased()) {
            t.storage().release();
            live.decrementAndGet();
            liveBytes.addAndGet(-t.storage().byteSize());
            if (allocationSites != null) {
                allocationSites.remove(t);
            }
        }
    }

    /** Opens a scope on this thread; see {@link Scope}. */
    public Scope scope() {
        ArrayDeque<Scope> stack = scopes.get();
        Scope s = new Scope(this, stack.peek());
        stack.push(s);
        return s;
    }

    void popScope(Scope s) {
        ArrayDeque<Scope> stack = scopes.get();
        if (stack.peek() != s) {
            throw new IllegalStateException("scopes must close in reverse order of opening (and on their own thread)");
        }
        stack.pop();
    }

    /** Takes a temporary that the caller closes itself out of the innermost scope. */
    private void detach(Tensor t) {
        ArrayDeque<Scope> stack = scopes.get();
        if (!stack.isEmpty()) {
            stack.peek().forget(t);
        }
    }

    /**
     * Takes {@code t} out of every open scope of this thread so that it outlives them all; the caller owns it and
     * must close it (gradients accumulated across steps, parameters, optimizer state).
     */
    public Tensor unscoped(Tensor t) {
        for (Scope s : scopes.get()) {
            s.forget(t);
        }
        return t;
    }

    /** Tensors allocated by this backend and not yet closed. */
    public long liveTensors() {
        return live.get();
    }

    public long liveBytes() {
        return liveBytes.get();
    }

    /**
     * {@code tensors} and {@code tensor_bytes} (live tensors of this backend) followed by the backend's own counters
     * ({@link Kernels#memoryCounters()}: native segments, device buffers): what a soak test logs and a leak check
     * compares.
     */
    public Map<String, Long> memoryCounters() {
        Map<String, Long> m = new java.util.LinkedHashMap<>();
        m.put("tensors", live.get());
        m.put("tensor_bytes", liveBytes.get());
        m.putAll(new java.util.TreeMap<>(kernels.memoryCounters()));
        return m;
    }

    /** With {@code -Dnextframe.leakCheck=true}: where each live tensor was allocated; else an empty list. */
    public List<Throwable> leakReport() {
        if (allocationSites == null) {
            return List.of();
        }
        synchronized (allocationSites) {
            return new ArrayList<>(allocationSites.values());
        }
    }

    // ---- argument checks ---------------------------------------------------------------------------------------

    private void check(String op, String what, Tensor t) {
        if (t == null) {
            throw new IllegalArgumentException(op + ": " + what + " is null");
        }
        if (t.backend() != this) {
            throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " belongs to backend "
                    + t.backend().name() + ", this op runs on " + name() + "; move it with copyTo() first");
        }
        t.checkOpen(op);
    }

    private static void sameDtype(String op, Tensor a, Tensor b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException(op + ": dtypes differ: " + a.describe() + " vs " + b.describe());
        }
    }

    private static void expectShape(String op, String what, Tensor t, Shape expected) {
        if (!t.shape().equals(expected)) {
            throw new IllegalArgumentException(op + ": " + what + " has shape " + t.shape() + ", expected "
                    + expected);
        }
    }

    private static void expectRank(String op, String what, Tensor t, int... ranks) {
        for (int r : ranks) {
            if (t.rank() == r) {
                return;
            }
        }
        throw new IllegalArgumentException(op + ": " + what + " has shape " + t.shape() + " (rank " + t.rank()
                + "), expected rank " + (ranks.length == 1 ? ranks[0] : Arrays.toString(ranks)));
    }

    /**
     * Checks all operands (nulls allowed where {@code optional}), gives contiguous stand-ins for the kernel and
     * copies results back into non-contiguous outputs after it ran.
     */
    private final class Call implements AutoCloseable {
        private final String op;
        private final List<Tensor> temps = new ArrayList<>();
        private final List<Tensor[]> writeBack = new ArrayList<>();
        private DType dtype;

        Call(String op) {
            this.op = op;
        }

        Tensor in(String what, Tensor t) {
            check(op, what, t);
            dtype(what, t);
            if (t.isContiguous()) {
                return t;
            }
            Tensor c = temp(t.dtype(), t.shape());
            kernels.copy(t, c);
            return c;
        }

        Tensor optIn(String what, Tensor t) {
            return t == null ? null : in(what, t);
        }

        Tensor out(String what, Tensor t) {
            check(op, what, t);
            dtype(what, t);
            if (t.isContiguous()) {
                return t;
            }
            Tensor c = temp(t.dtype(), t.shape());
            writeBack.add(new Tensor[] {c, t});
            return c;
        }

        Tensor optOut(String what, Tensor t) {
            return t == null ? null : out(what, t);
        }

        /** An output that is also read (gemm's C with β ≠ 0, running statistics). */
        Tensor inOut(String what, Tensor t) {
            check(op, what, t);
            dtype(what, t);
            if (t.isContiguous()) {
                return t;
            }
            Tensor c = temp(t.dtype(), t.shape());
            kernels.copy(t, c);
            writeBack.add(new Tensor[] {c, t});
            return c;
        }

        private void dtype(String what, Tensor t) {
            if (dtype == null) {
                dtype = t.dtype();
            } else if (t.dtype() != dtype) {
                throw new IllegalArgumentException(op + ": " + what + " " + t.describe() + " has dtype " + t.dtype()
                        + ", the other operands are " + dtype);
            }
        }

        private Tensor temp(DType d, Shape s) {
            Storage st = kernels.allocate(d, s.size());
            Tensor t = new Tensor(Backend.this, st, s, s.contiguousStrides(), 0, false, "temp");
            temps.add(t);
            return t;
        }

        @Override
        public void close() {
            for (Tensor[] pair : writeBack) {
                kernels.copy(pair[0], pair[1]);
            }
            for (Tensor t : temps) {
                t.storage().release();
            }
        }
    }

    // ---- layout ------------------------------------------------------------------------------------------------

    public void fill(Tensor dst, float value) {
        try (Call c = new Call("fill")) {
            kernels.fill(c.out("dst", dst), value);
        }
    }

    public void concat(List<Tensor> inputs, int axis, Tensor out) {
        String op = "concat";
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(op + ": no inputs");
        }
        try (Call c = new Call(op)) {
            Tensor o = c.out("out", out);
            int a = out.shape().axis(axis);
            int total = 0;
            List<Tensor> ins = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                Tensor t = c.in("input " + i, inputs.get(i));
                if (t.rank() != out.rank()) {
                    throw new IllegalArgumentException(op + ": input " + i + " has shape " + t.shape()
                            + ", out has rank " + out.rank());
                }
                for (int d = 0; d < out.rank(); d++) {
                    if (d != a && t.dim(d) != out.dim(d)) {
                        throw new IllegalArgumentException(op + ": input " + i + " has shape " + t.shape()
                                + ", expected size " + out.dim(d) + " on axis " + d + " (out " + out.shape() + ")");
                    }
                }
                total += t.dim(a);
                ins.add(t);
            }
            if (total != out.dim(a)) {
                throw new IllegalArgumentException(op + ": inputs add up to " + total + " on axis " + a
                        + ", out has " + out.dim(a));
            }
            kernels.concat(ins, a, o);
        }
    }

    /** Allocating concatenation along {@code axis}. */
    public Tensor concat(List<Tensor> inputs, int axis) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException("concat: no inputs");
        }
        Tensor first = inputs.get(0);
        int a = first.shape().axis(axis);
        int total = 0;
        for (Tensor t : inputs) {
            if (t.rank() != first.rank()) {
                throw new IllegalArgumentException("concat: shapes " + first.shape() + " and " + t.shape()
                        + " differ in rank");
            }
            total += t.dim(a);
        }
        Tensor out = zeros(first.dtype(), first.shape().withDim(a, total));
        concat(inputs, a, out);
        return out;
    }

    // ---- linear algebra ----------------------------------------------------------------------------------------

    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor cOut) {
        String op = "gemm";
        try (Call c = new Call(op)) {
            Tensor ta = c.in("A", a), tb = c.in("B", b);
            Tensor tc = beta == 0f ? c.out("C", cOut) : c.inOut("C", cOut);
            expectRank(op, "C", cOut, 2, 3);
            expectRank(op, "A", a, cOut.rank());
            expectRank(op, "B", b, cOut.rank());
            int o = cOut.rank() - 2;
            int m = cOut.dim(o), n = cOut.dim(o + 1);
            int am = transA ? a.dim(o + 1) : a.dim(o), ak = transA ? a.dim(o) : a.dim(o + 1);
            int bk = transB ? b.dim(o + 1) : b.dim(o), bn = transB ? b.dim(o) : b.dim(o + 1);
            if (am != m || bn != n || ak != bk) {
                throw new IllegalArgumentException(op + ": op(A) is " + am + "×" + ak + " (A " + a.shape()
                        + (transA ? " transposed" : "") + "), op(B) is " + bk + "×" + bn + " (B " + b.shape()
                        + (transB ? " transposed" : "") + "), C is " + cOut.shape() + "; expected (M×K)·(K×N) = M×N");
            }
            if (o == 1) {
                int batch = cOut.dim(0);
                if ((a.dim(0) != batch && a.dim(0) != 1) || (b.dim(0) != batch && b.dim(0) != 1)) {
                    throw new IllegalArgumentException(op + ": batch sizes A " + a.dim(0) + ", B " + b.dim(0) + ", C "
                            + batch + "; A's and B's must equal C's or be 1");
                }
            }
            kernels.gemm(transA, transB, alpha, ta, tb, beta, tc);
        }
    }

    /** C = op(A)·op(B), allocated. */
    public Tensor matmul(Tensor a, boolean transA, Tensor b, boolean transB) {
        int o = a.rank() - 2;
        if (o < 0 || b.rank() != a.rank()) {
            throw new IllegalArgumentException("matmul: A " + a.shape() + " and B " + b.shape()
                    + " must both have rank 2 or both rank 3");
        }
        int m = transA ? a.dim(o + 1) : a.dim(o);
        int n = transB ? b.dim(o) : b.dim(o + 1);
        Shape s = o == 0 ? Shape.of(m, n) : Shape.of(Math.max(a.dim(0), b.dim(0)), m, n);
        Tensor out = zeros(a.dtype(), s);
        gemm(transA, transB, 1f, a, b, 0f, out);
        return out;
    }

    // ---- convolution -------------------------------------------------------------------------------------------

    /** The output shape of {@link #convForward} for x and w. */
    public static Shape convOutputShape(ConvSpec spec, Shape x, Shape w) {
        int d = spec.dims();
        int[] out = new int[d + 2];
        out[0] = x.dim(0);
        out[1] = w.dim(0);
        for (int i = 0; i < d; i++) {
            out[i + 2] = spec.outSize(i, x.dim(i + 2), w.dim(i + 2));
            if (out[i + 2] < 1) {
                throw new IllegalArgumentException("conv: input " + x + " with kernel " + w + " and " + spec
                        + " gives an empty output along spatial axis " + i);
            }
        }
        return Shape.of(out);
    }

    private void checkConv(String op, ConvSpec spec, Shape x, Shape w, Shape y, String xName) {
        int r = spec.dims() + 2;
        if (x.rank() != r || w.rank() != r || y.rank() != r) {
            throw new IllegalArgumentException(op + ": a " + spec.dims() + "-d convolution needs rank-" + r
                    + " tensors; got " + xName + " " + x + ", w " + w + ", y " + y);
        }
        int g = spec.groups();
        if (x.dim(1) % g != 0 || w.dim(0) % g != 0) {
            throw new IllegalArgumentException(op + ": channels in " + x.dim(1) + " and out " + w.dim(0)
                    + " must both divide by groups " + g);
        }
        if (w.dim(1) * g != x.dim(1)) {
            throw new IllegalArgumentException(op + ": w " + w + " expects " + w.dim(1) * g + " input channels ("
                    + w.dim(1) + " per group × " + g + " groups), " + xName + " " + x + " has " + x.dim(1));
        }
        Shape expected = convOutputShape(spec, x, w);
        if (!expected.equals(y)) {
            throw new IllegalArgumentException(op + ": output has shape " + y + ", expected " + expected + " for "
                    + xName + " " + x + ", w " + w + ", " + spec);
        }
    }

    public void convForward(ConvSpec spec, Tensor x, Tensor w, Tensor bias, Tensor y) {
        String op = "conv" + spec.dims() + "d";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), tw = c.in("w", w), tb = c.optIn("bias", bias), ty = c.out("y", y);
            checkConv(op, spec, x.shape(), w.shape(), y.shape(), "x");
            if (bias != null) {
                expectShape(op, "bias", bias, Shape.of(w.dim(0)));
            }
            kernels.convForward(spec, tx, tw, tb, ty);
        }
    }

    public Tensor conv(ConvSpec spec, Tensor x, Tensor w, Tensor bias) {
        checkConvRanks("conv", spec, x, w);
        Tensor y = zeros(x.dtype(), convOutputShape(spec, x.shape(), w.shape()));
        convForward(spec, x, w, bias, y);
        return y;
    }

    private static void checkConvRanks(String op, ConvSpec spec, Tensor x, Tensor w) {
        int r = spec.dims() + 2;
        if (x.rank() != r || w.rank() != r) {
            throw new IllegalArgumentException(op + ": a " + spec.dims() + "-d convolution needs rank-" + r
                    + " x and w; got x " + x.shape() + ", w " + w.shape());
        }
    }

    public void convBackwardData(ConvSpec spec, Tensor dy, Tensor w, Tensor dx) {
        String op = "conv" + spec.dims() + "d backward-data";
        try (Call c = new Call(op)) {
            Tensor tdy = c.in("dy", dy), tw = c.in("w", w), tdx = c.out("dx", dx);
            checkConv(op, spec, dx.shape(), w.shape(), dy.shape(), "dx");
            kernels.convBackwardData(spec, tdy, tw, tdx);
        }
    }

    /**
     * Transposed convolution (PyTorch ConvTranspose, weight (Cin, Cout/g, *k)) as the adjoint of convolution:
     * out = (in − 1)·stride − 2·pad + dil·(k − 1) + outputPadding + 1.
     */
    public Tensor convTranspose(ConvSpec spec, Tensor x, Tensor w, Tensor bias, int... outputPadding) {
        checkConvRanks("convTranspose", spec, x, w);
        int d = spec.dims();
        int[] s = new int[d + 2];
        s[0] = x.dim(0);
        s[1] = w.dim(1) * spec.groups();
        for (int i = 0; i < d; i++) {
            int op = outputPadding.length == 0 ? 0 : outputPadding[i];
            if (op < 0 || (op >= spec.stride(i) && op >= spec.dilation(i))) {
                throw new IllegalArgumentException("convTranspose: output padding " + Arrays.toString(outputPadding)
                        + " must be smaller than stride or dilation");
            }
            s[i + 2] = (x.dim(i + 2) - 1) * spec.stride(i) - 2 * spec.padding(i)
                    + spec.dilation(i) * (w.dim(i + 2) - 1) + op + 1;
        }
        Tensor y = zeros(x.dtype(), Shape.of(s));
        convBackwardData(spec, x, w, y);
        if (bias != null) {
            expectShape("convTranspose", "bias", bias, Shape.of(s[1]));
            int[] bs = new int[d + 2];
            Arrays.fill(bs, 1);
            bs[1] = s[1];
            binary(BinaryOp.ADD, y, bias.contiguous().reshape(bs), y);
        }
        return y;
    }

    public void convBackwardWeight(ConvSpec spec, Tensor x, Tensor dy, Tensor dw, Tensor dbias) {
        String op = "conv" + spec.dims() + "d backward-weight";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), tdy = c.in("dy", dy), tdw = c.out("dw", dw), tdb = c.optOut("dbias", dbias);
            checkConv(op, spec, x.shape(), dw.shape(), dy.shape(), "x");
            if (dbias != null) {
                expectShape(op, "dbias", dbias, Shape.of(dw.dim(0)));
            }
            kernels.convBackwardWeight(spec, tx, tdy, tdw, tdb);
        }
    }

    // ---- normalisation -----------------------------------------------------------------------------------------

    private static void checkPerChannel(String op, String what, Tensor t, int channels) {
        if (t != null) {
            expectShape(op, what, t, Shape.of(channels));
        }
    }

    public void batchNormForward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar,
                                 boolean training, float momentum, float eps, Tensor y, Tensor saveMean,
                                 Tensor saveInvStd) {
        String op = "batchNorm";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), tg = c.optIn("gamma", gamma), tb = c.optIn("beta", beta);
            Tensor rm = runningMean == null ? null : c.inOut("runningMean", runningMean);
            Tensor rv = runningVar == null ? null : c.inOut("runningVar", runningVar);
            Tensor ty = c.out("y", y), sm = c.out("saveMean", saveMean), si = c.out("saveInvStd", saveInvStd);
            if (x.rank() < 2) {
                throw new IllegalArgumentException(op + ": x has shape " + x.shape() + ", expected (N, C, ...)");
            }
            int ch = x.dim(1);
            checkPerChannel(op, "gamma", gamma, ch);
            checkPerChannel(op, "beta", beta, ch);
            checkPerChannel(op, "runningMean", runningMean, ch);
            checkPerChannel(op, "runningVar", runningVar, ch);
            checkPerChannel(op, "saveMean", saveMean, ch);
            checkPerChannel(op, "saveInvStd", saveInvStd, ch);
            expectShape(op, "y", y, x.shape());
            if (!training && (runningMean == null || runningVar == null)) {
                throw new IllegalArgumentException(op + ": evaluation mode needs running mean and variance");
            }
            if (training && x.size() / ch < 2 && runningVar != null) {
                throw new IllegalArgumentException(op + ": x " + x.shape()
                        + " has one value per channel; training needs more than one to estimate a variance");
            }
            kernels.batchNormForward(tx, tg, tb, rm, rv, training, momentum, eps, ty, sm, si);
        }
    }

    public void batchNormBackward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, boolean training,
                                  Tensor dy, Tensor dx, Tensor dgamma, Tensor dbeta) {
        String op = "batchNorm backward";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), tg = c.optIn("gamma", gamma), sm = c.in("saveMean", saveMean);
            Tensor si = c.in("saveInvStd", saveInvStd), tdy = c.in("dy", dy), tdx = c.optOut("dx", dx);
            Tensor tdg = c.optOut("dgamma", dgamma), tdb = c.optOut("dbeta", dbeta);
            int ch = x.dim(1);
            checkPerChannel(op, "gamma", gamma, ch);
            checkPerChannel(op, "saveMean", saveMean, ch);
            checkPerChannel(op, "saveInvStd", saveInvStd, ch);
            checkPerChannel(op, "dgamma", dgamma, ch);
            checkPerChannel(op, "dbeta", dbeta, ch);
            expectShape(op, "dy", dy, x.shape());
            if (dx != null) {
                expectShape(op, "dx", dx, x.shape());
            }
            kernels.batchNormBackward(tx, tg, sm, si, training, tdy, tdx, tdg, tdb);
        }
    }

    // ---- resampling --------------------------------------------------------------------------------------------

    public static Shape poolOutputShape(PoolSpec spec, Shape x) {
        int d = spec.dims();
        if (x.rank() != d + 2) {
            throw new IllegalArgumentException("pool: a " + d + "-d pooling needs a rank-" + (d + 2)
                    + " input, got " + x);
        }
        int[] s = x.dims();
        for (int i = 0; i < d; i++) {
            s[i + 2] = spec.outSize(i, x.dim(i + 2));
            if (s[i + 2] < 1) {
                throw new IllegalArgumentException("pool: input " + x + " is smaller than the window "
                        + Arrays.toString(spec.kernel()));
            }
        }
        return Shape.of(s);
    }

    public void poolForward(PoolSpec spec, Tensor x, Tensor y) {
        String op = spec.kind().name().toLowerCase() + "Pool";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), ty = c.out("y", y);
            expectShape(op, "y", y, poolOutputShape(spec, x.shape()));
            kernels.poolForward(spec, tx, ty);
        }
    }

    public Tensor pool(PoolSpec spec, Tensor x) {
        Tensor y = zeros(x.dtype(), poolOutputShape(spec, x.shape()));
        poolForward(spec, x, y);
        return y;
    }

    public void poolBackward(PoolSpec spec, Tensor x, Tensor dy, Tensor dx) {
        String op = spec.kind().name().toLowerCase() + "Pool backward";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), tdy = c.in("dy", dy), tdx = c.out("dx", dx);
            expectShape(op, "dy", dy, poolOutputShape(spec, x.shape()));
            expectShape(op, "dx", dx, x.shape());
            kernels.poolBackward(spec, tx, tdy, tdx);
        }
    }

    private static void checkResize(String op, Tensor small, Tensor big, String a, String b) {
        if (small.rank() < 3 || small.rank() > 5 || big.rank() != small.rank() || small.dim(0) != big.dim(0)
                || small.dim(1) != big.dim(1)) {
            throw new IllegalArgumentException(op + ": " + a + " " + small.shape() + " and " + b + " " + big.shape()
                    + " must be (N, C, *spatial) with 1–3 spatial dims and the same N and C");
        }
    }

    public void resizeForward(ResizeMode mode, boolean alignCorners, Tensor x, Tensor y) {
        String op = "resize " + mode.name().toLowerCase();
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), ty = c.out("y", y);
            checkResize(op, x, y, "x", "y");
            kernels.resizeForward(mode, alignCorners, tx, ty);
        }
    }

    public void resizeBackward(ResizeMode mode, boolean alignCorners, Tensor dy, Tensor dx) {
        String op = "resize " + mode.name().toLowerCase() + " backward";
        try (Call c = new Call(op)) {
            Tensor tdy = c.in("dy", dy), tdx = c.out("dx", dx);
            checkResize(op, dx, dy, "dx", "dy");
            kernels.resizeBackward(mode, alignCorners, tdy, tdx);
        }
    }

    // ---- pointwise ---------------------------------------------------------------------------------------------

    public void unary(UnaryOp op, float a, float b, Tensor x, Tensor y) {
        String name = op.name().toLowerCase();
        try (Call c = new Call(name)) {
            Tensor tx = c.in("x", x), ty = c.out("y", y);
            expectShape(name, "y", y, x.shape());
            kernels.unary(op, a, b, tx, ty);
        }
    }

    public Tensor unary(UnaryOp op, float a, float b, Tensor x) {
        Tensor y = zeros(x.dtype(), x.shape());
        unary(op, a, b, x, y);
        return y;
    }

    public Tensor unary(UnaryOp op, Tensor x) {
        return unary(op, 0f, 0f, x);
    }

    public void unaryBackward(UnaryOp op, float a, float b, Tensor x, Tensor y, Tensor dy, Tensor dx) {
        String name = op.name().toLowerCase() + " backward";
        try (Call c = new Call(name)) {
            if (op.backwardNeedsX() && x == null) {
                throw new IllegalArgumentException(name + ": needs the forward input x");
            }
            if (op.backwardNeedsY() && y == null) {
                throw new IllegalArgumentException(name + ": needs the forward output y");
            }
            Tensor tx = c.optIn("x", x), ty = c.optIn("y", y), tdy = c.in("dy", dy), tdx = c.out("dx", dx);
            expectShape(name, "dx", dx, dy.shape());
            if (x != null) {
                expectShape(name, "x", x, dy.shape());
            }
            if (y != null) {
                expectShape(name, "y", y, dy.shape());
            }
            kernels.unaryBackward(op, a, b, tx, ty, tdy, tdx);
        }
    }

    /** The broadcast shape of a and b (numpy rules), or an error naming both. */
    public static Shape broadcastShape(String op, Shape a, Shape b) {
        int r = Math.max(a.rank(), b.rank());
        int[] s = new int[r];
        for (int i = 0; i < r; i++) {
            int da = i < r - a.rank() ? 1 : a.dim(i - (r - a.rank()));
            int db = i < r - b.rank() ? 1 : b.dim(i - (r - b.rank()));
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + a + " and " + b + " do not broadcast (axis "
                        + i + " of the aligned shapes: " + da + " vs " + db + ")");
            }
            s[i] = Math.max(da, db);
        }
        return Shape.of(s);
    }

    private static Tensor padRank(Tensor t, int rank) {
        if (t.rank() == rank) {
            return t;
        }
        int[] d = new int[rank];
        Arrays.fill(d, 1);
        for (int i = 0; i < t.rank(); i++) {
            d[rank - t.rank() + i] = t.dim(i);
        }
        return t.reshape(d);
    }

    public void binary(BinaryOp op, Tensor a, Tensor b, Tensor y) {
        String name = op.name().toLowerCase();
        try (Call c = new Call(name)) {
            Tensor ta = c.in("a", a), tb = c.in("b", b);
            // y may alias a or b when it has the broadcast shape: elementwise ops read each input before writing
            Tensor ty = c.out("y", y);
            Shape s = broadcastShape(name, a.shape(), b.shape());
            expectShape(name, "y", y, s);
            kernels.binary(op, padRank(ta, s.rank()), padRank(tb, s.rank()), ty);
        }
    }

    public Tensor binary(BinaryOp op, Tensor a, Tensor b) {
        Tensor y = zeros(a.dtype(), broadcastShape(op.name().toLowerCase(), a.shape(), b.shape()));
        binary(op, a, b, y);
        return y;
    }

    // ---- reduction ---------------------------------------------------------------------------------------------

    public void reduce(ReduceOp op, Tensor x, Tensor y) {
        String name = "reduce " + op.name().toLowerCase();
        try (Call c = new Call(name)) {
            Tensor tx = c.in("x", x), ty = c.out("y", y);
            if (y.rank() != x.rank()) {
                throw new IllegalArgumentException(name + ": y " + y.shape() + " must keep x's rank " + x.rank()
                        + " with size 1 on reduced axes (x " + x.shape() + ")");
            }
            for (int i = 0; i < x.rank(); i++) {
                if (y.dim(i) != 1 && y.dim(i) != x.dim(i)) {
                    throw new IllegalArgumentException(name + ": y " + y.shape() + " has " + y.dim(i) + " on axis "
                            + i + ", expected 1 (reduced) or " + x.dim(i) + " (kept); x " + x.shape());
                }
            }
            kernels.reduce(op, tx, ty);
        }
    }

    /** Reduces over {@code axes} (keep-dims shape). */
    public Tensor reduce(ReduceOp op, Tensor x, int... axes) {
        int[] d = x.shape().dims();
        for (int a : axes) {
            d[x.shape().axis(a)] = 1;
        }
        Tensor y = zeros(x.dtype(), Shape.of(d));
        reduce(op, x, y);
        return y;
    }

    public void softmax(boolean log, int axis, Tensor x, Tensor y) {
        String name = log ? "logSoftmax" : "softmax";
        try (Call c = new Call(name)) {
            Tensor tx = c.in("x", x), ty = c.out("y", y);
            expectShape(name, "y", y, x.shape());
            kernels.softmax(log, x.shape().axis(axis), tx, ty);
        }
    }

    public void softmaxBackward(boolean log, int axis, Tensor y, Tensor dy, Tensor dx) {
        String name = (log ? "logSoftmax" : "softmax") + " backward";
        try (Call c = new Call(name)) {
            Tensor ty = c.in("y", y), tdy = c.in("dy", dy), tdx = c.out("dx", dx);
            expectShape(name, "dy", dy, y.shape());
            expectShape(name, "dx", dx, y.shape());
            kernels.softmaxBackward(log, y.shape().axis(axis), ty, tdy, tdx);
        }
    }

    // ---- recurrent ---------------------------------------------------------------------------------------------

    private static int lstmHidden(String op, Tensor gates) {
        if (gates.rank() != 2 || gates.dim(1) % 4 != 0) {
            throw new IllegalArgumentException(op + ": gates " + gates.shape() + ", expected (B, 4·H)");
        }
        return gates.dim(1) / 4;
    }

    public void lstmCellForward(Tensor gates, Tensor cPrev, Tensor h, Tensor cOut) {
        String op = "lstmCell";
        try (Call c = new Call(op)) {
            Tensor tg = c.in("gates", gates), tcp = c.in("cPrev", cPrev), th = c.out("h", h), tc = c.out("c", cOut);
            Shape bh = Shape.of(gates.dim(0), lstmHidden(op, gates));
            expectShape(op, "cPrev", cPrev, bh);
            expectShape(op, "h", h, bh);
            expectShape(op, "c", cOut, bh);
            kernels.lstmCellForward(tg, tcp, th, tc);
        }
    }

    public void lstmCellBackward(Tensor gates, Tensor cPrev, Tensor cNext, Tensor dh, Tensor dc, Tensor dGates,
                                 Tensor dcPrev) {
        String op = "lstmCell backward";
        try (Call c = new Call(op)) {
            Tensor tg = c.in("gates", gates), tcp = c.in("cPrev", cPrev), tc = c.in("c", cNext);
            Tensor tdh = c.in("dh", dh), tdc = c.optIn("dc", dc), tdg = c.out("dGates", dGates);
            Tensor tdcp = c.out("dcPrev", dcPrev);
            Shape bh = Shape.of(gates.dim(0), lstmHidden(op, gates));
            expectShape(op, "cPrev", cPrev, bh);
            expectShape(op, "c", cNext, bh);
            expectShape(op, "dh", dh, bh);
            if (dc != null) {
                expectShape(op, "dc", dc, bh);
            }
            expectShape(op, "dGates", dGates, gates.shape());
            expectShape(op, "dcPrev", dcPrev, bh);
            kernels.lstmCellBackward(tg, tcp, tc, tdh, tdc, tdg, tdcp);
        }
    }

    // ---- seed-specific -----------------------------------------------------------------------------------------

    private static void checkLocalFilter(String op, Tensor x, Tensor filters, int kh, int kw) {
        if (kh < 1 || kw < 1) {
            throw new IllegalArgumentException(op + ": filter size " + kh + "×" + kw + " must be ≥ 1");
        }
        expectRank(op, "x", x, 4);
        expectShape(op, "filters", filters, Shape.of(x.dim(0), kh * kw, x.dim(2), x.dim(3)));
    }

    public void localFilterForward(Tensor x, Tensor filters, int kh, int kw, Tensor y) {
        String op = "localFilter";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), tf = c.in("filters", filters), ty = c.out("y", y);
            checkLocalFilter(op, x, filters, kh, kw);
            expectShape(op, "y", y, x.shape());
            kernels.localFilterForward(tx, tf, kh, kw, ty);
        }
    }

    public void localFilterBackward(Tensor x, Tensor filters, int kh, int kw, Tensor dy, Tensor dx,
                                    Tensor dFilters) {
        String op = "localFilter backward";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), tf = c.in("filters", filters), tdy = c.in("dy", dy);
            Tensor tdx = c.out("dx", dx), tdf = c.out("dFilters", dFilters);
            checkLocalFilter(op, x, filters, kh, kw);
            expectShape(op, "dy", dy, x.shape());
            expectShape(op, "dx", dx, x.shape());
            expectShape(op, "dFilters", dFilters, filters.shape());
            kernels.localFilterBackward(tx, tf, kh, kw, tdy, tdx, tdf);
        }
    }

    private static Shape crossConvOutput(String op, Tensor x, Tensor k, int padH, int padW) {
        expectRank(op, "x", x, 4);
        expectRank(op, "k", k, 4);
        if (k.dim(0) != x.dim(0) || k.dim(1) != x.dim(1)) {
            throw new IllegalArgumentException(op + ": kernels " + k.shape() + " must be (B, C, kh, kw) with x's B "
                    + x.dim(0) + " and C " + x.dim(1));
        }
        int oh = x.dim(2) + 2 * padH - k.dim(2) + 1, ow = x.dim(3) + 2 * padW - k.dim(3) + 1;
        if (padH < 0 || padW < 0 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException(op + ": x " + x.shape() + " with kernels " + k.shape()
                    + " and padding " + padH + "×" + padW + " gives no output");
        }
        return Shape.of(x.dim(0), x.dim(1), oh, ow);
    }

    public void crossConvForward(Tensor x, Tensor k, int padH, int padW, Tensor y) {
        String op = "crossConv";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), tk = c.in("k", k), ty = c.out("y", y);
            expectShape(op, "y", y, crossConvOutput(op, x, k, padH, padW));
            kernels.crossConvForward(tx, tk, padH, padW, ty);
        }
    }

    public void crossConvBackward(Tensor x, Tensor k, int padH, int padW, Tensor dy, Tensor dx, Tensor dk) {
        String op = "crossConv backward";
        try (Call c = new Call(op)) {
            Tensor tx = c.in("x", x), tk = c.in("k", k), tdy = c.in("dy", dy);
            Tensor tdx = c.out("dx", dx), tdk = c.out("dk", dk);
            expectShape(op, "dy", dy, crossConvOutput(op, x, k, padH, padW));
            expectShape(op, "dx", dx, x.shape());
            expectShape(op, "dk", dk, k.shape());
            kernels.crossConvBackward(tx, tk, padH, padW, tdy, tdx, tdk);
        }
    }

    // ---- randomness --------------------------------------------------------------------------------------------

    /** Fills t with draws {@code counter, counter+1, …} of (seed, stream); see {@link Philox}. */
    public void fillRandom(Distribution dist, long seed, long stream, long counter, float a, float b, Tensor t) {
        try (Call c = new Call("fillRandom")) {
            kernels.fillRandom(dist, seed, stream, counter, a, b, c.out("t", t));
        }
    }
}
