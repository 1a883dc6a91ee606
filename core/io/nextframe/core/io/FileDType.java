package io.nextframe.core.io;

/**
 * Element types as they are stored inside safetensors files (the {@code "dtype"} strings). Only {@link #F32},
 * {@link #F16} and {@link #BF16} are written; all five are read and converted to float32 (F64 may also be read
 * exactly as doubles). Tensors in memory are always {@link io.nextframe.core.DType#F32} or F64.
 */
public enum FileDType {
    F16(2),
    BF16(2),
    F32(4),
    F64(8),
    I64(8);

    private final int byteSize;

    FileDType(int byteSize) {
        this.byteSize = byteSize;
    }

    public int byteSize() {
        return byteSize;
    }

    /** The safetensors name, e.g. "BF16". */
    public String code() {
        return name();
    }

    /** The type for a safetensors dtype string, or null if this reader does not know it. */
    public static FileDType fromCode(String code) {
        for (FileDType t : values()) {
            if (t.name().equals(code)) {
                return t;
            }
        }
        return null;
    }

    public boolean writable() {
        return this == F32 || this == F16 || this == BF16;
    }
}
