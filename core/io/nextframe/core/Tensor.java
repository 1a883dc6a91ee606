package io.nextframe.core;

import java.util.Arrays;

/**
 * A handle on dense numbers: a {@link Shape}, strides and an offset (in elements) into a {@link Storage} owned by
 * one {@link Backend}. Views ({@link #slice}, {@link #select}, {@link #reshape}, {@link #permute}) share the storage
 * and never copy; only the tensor that allocated the storage frees it, and any view of a closed storage refuses to be
 * used. Data crosses between host and device only at explicit calls ({@link #toFloatArray()}, {@link #copyTo}).
 */
public final class Tensor implements AutoCloseable {
    private final Backend backend;
    private final Storage storage;
    private final Shape shape;
    private final long[] strides;
    private final long offset;
    private final boolean owner;
    private final String name;

    Tensor(Backend backend, Storage storage, Shape shape, long[] strides, long offset, boolean owner, String name) {
        this.backend = backend;
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.owner = owner;
        this.name = name;
    }

    public Backend backend() {
        return backend;
    }

    public Storage storage() {
        return storage;
    }

    public Shape shape() {
        return shape;
    }

    public int rank() {
        return shape.rank();
    }

    public int dim(int axis) {
        return shape.dim(axis);
    }

    public long size() {
        return shape.size();
    }

    public DType dtype() {
        return storage.dtype();
    }

    /** Strides in elements, one per dimension. */
    public long[] strides() {
        return strides.clone();
    }

    public long stride(int axis) {
        return strides[shape.axis(axis)];
    }

    /** Offset of element [0,…,0] in the storage, in elements. */
    public long offset() {
        return offset;
    }

    /** A label used in error messages (a parameter's name, or the op that made it). */
    public String name() {
        return name;
    }

    public Tensor named(String newName) {
        return new Tensor(backend, storage, shape, strides, offset, owner, newName);
    }

    public boolean isOwner() {
        return owner;
    }

    public boolean isClosed() {
        return storage.isReleased();
    }

    /** True when the elements are laid out row-major without gaps from {@link #offset()}. */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.rank() - 1; i >= 0; i--) {
            if (shape.dim(i) != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape.dim(i);
        }
        return true;
    }

    /** Throws an {@link IllegalStateException} naming the tensor when its storage was released. */
    public Tensor checkOpen(String op) {
        if (storage.isReleased()) {
            throw new IllegalStateException(op + ": tensor " + describe() + " is closed");
        }
        return this;
    }

    /** The view of indices [start, end) along {@code axis}. */
    public Tensor slice(int axis, int start, int end) {
        int a = shape.axis(axis);
        if (start < 0 || end > shape.dim(a) || start >= end) {
            throw new IllegalArgumentException("slice of " + describe() + ": range [" + start + ", " + end
                    + ") on axis " + a + " of size " + shape.dim(a));
        }
        return new Tensor(backend, storage, shape.withDim(a, end - start), strides, offset + start * strides[a],
                false, name);
    }

    /** The view at index {@code index} of {@code axis}, with that axis removed. */
    public Tensor select(int axis, int index) {
        int a = shape.axis(axis);
        if (index < 0 || index >= shape.dim(a)) {
            throw new IllegalArgumentException("select of " + describe() + ": index " + index + " on axis " + a
                    + " of size " + shape.dim(a));
        }
        int[] d = new int[shape.rank() - 1];
        long[] s = new long[shape.rank() - 1];
        for (int i = 0, j = 0; i < shape.rank(); i++) {
            if (i != a) {
                d[j] = shape.dim(i);
                s[j++] = strides[i];
            }
        }
        return new Tensor(backend, storage, Shape.of(d), s, offset + index * strides[a], false, name);
    }

    /** A view with another shape of the same size; the tensor must be contiguous. */
    public Tensor reshape(int... dims) {
        int inferred = -1;
        long known = 1;
        int[] d = dims.clone();
        for (int i = 0; i < d.length; i++) {
            if (d[i] == -1) {
                if (inferred >= 0) {
                    throw new IllegalArgumentException("reshape of " + describe() + ": more than one -1 in "
                            + Arrays.toString(dims));
                }
                inferred = i;
            } else {
                known *= d[i];
            }
        }
        if (inferred >= 0 && known > 0 && size() % known == 0) {
            d[inferred] = (int) (size() / known);
        }
        Shape target = Shape.of(d);
        if (target.size() != size()) {
            throw new IllegalArgumentException("reshape of " + describe() + " to " + Arrays.toString(dims)
                    + ": expected " + size() + " elements, the new shape has " + target.size());
        }
        if (!isContiguous()) {
            throw new IllegalArgumentException("reshape of " + describe()
                    + ": the tensor is a non-contiguous view; call contiguous() first");
        }
        return new Tensor(backend, storage, target, target.contiguousStrides(), offset, false, name);
    }

    /** A view with the axes reordered: axis i of the result is axis {@code perm[i]} of this tensor. */
    public Tensor permute(int... perm) {
        if (perm.length != rank()) {
            throw new IllegalArgumentException("permute of " + describe() + ": " + Arrays.toString(perm)
                    + " has " + perm.length + " axes, expected " + rank());
        }
        int[] d = new int[rank()];
        long[] s = new long[rank()];
        boolean[] seen = new boolean[rank()];
        for (int i = 0; i < perm.length; i++) {
            int p = shape.axis(perm[i]);
            if (seen[p]) {
                throw new IllegalArgumentException("permute of " + describe() + ": axis " + p + " repeated in "
                        + Arrays.toString(perm));
            }
            seen[p] = true;
            d[i] = shape.dim(p);
            s[i] = strides[p];
        }
        return new Tensor(backend, storage, Shape.of(d), s, offset, false, name);
    }

    /** This tensor if contiguous, else a contiguous copy (allocated in the current scope). */
    public Tensor contiguous() {
        return isContiguous() ? this : backend.copyOf(this);
    }

    /** Copies the elements, row-major, into a new float array. */
    public float[] toFloatArray() {
        return backend.download(this);
    }

    /** Copies the elements, row-major, into a new double array (exact for F64 tensors). */
    public double[] toDoubleArray() {
        return backend.downloadDouble(this);
    }

    /** A copy of this tensor on another backend. */
    public Tensor copyTo(Backend target) {
        if (target == backend) {
            return backend.copyOf(this);
        }
        if (dtype() == DType.F64) {
            return target.fromDoubles(shape, toDoubleArray());
        }
        return target.fromFloats(shape, toFloatArray());
    }

    /** The single value of a one-element tensor. */
    public float item() {
        if (size() != 1) {
            throw new IllegalStateException("item() of " + describe() + ": expected exactly one element");
        }
        return toFloatArray()[0];
    }

    /** Frees the storage if this tensor owns it; views only forget it. Safe to call twice. */
    @Override
    public void close() {
        if (owner) {
            backend.release(this);
        }
    }

    /** "name (shape, dtype, backend)" for error messages. */
    public String describe() {
        return (name == null ? "" : name + " ") + shape + " " + dtype().name().toLowerCase() + " on "
                + backend.name();
    }

    @Override
    public String toString() {
        return "Tensor" + (name == null ? "" : "(" + name + ")") + shape;
    }
}
