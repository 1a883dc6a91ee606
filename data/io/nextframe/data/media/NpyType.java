package io.nextframe.data.media;

/** The element types of the .npy files read and written here (CONTRACTS §5: float32 in [0, 1], or uint8). */
public enum NpyType {
    FLOAT32("<f4", 4), UINT8("|u1", 1);

    private final String descr;
    private final int bytes;

    NpyType(String descr, int bytes) {
        this.descr = descr;
        this.bytes = bytes;
    }

    /** numpy's dtype string as written in the header. */
    public String descr() {
        return descr;
    }

    public int bytes() {
        return bytes;
    }

    /** The type of a header's descr, or null when it is not one of ours. '<u1', 'u1' and '|u1' all mean uint8. */
    static NpyType fromDescr(String descr) {
        return switch (descr) {
            case "<f4" -> FLOAT32;
            case "|u1", "<u1", ">u1", "u1", "|B", "B" -> UINT8;
            default -> null;
        };
    }
}
