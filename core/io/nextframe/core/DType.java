package io.nextframe.core;

/**
 * Element types a tensor can hold in memory. Every backend computes in {@link #F32}; the reference backend
 * also holds {@link #F64}, which the finite-difference gradient checks need. F16 and BF16 exist only as
 * storage formats inside files and are converted on load (see the safetensors reader).
 */
public enum DType {
    F32(4),
    F64(8);

    private final int byteSize;

    DType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }
}
