package io.nextframe.core.io;

/**
 * Conversions between float32 and the two 16-bit storage formats. Both narrowings round to nearest, ties to even,
 * as PyTorch's {@code .half()} and {@code .bfloat16()} do; NaN stays NaN and ±∞ stays ±∞.
 */
public final class HalfFloats {
    private HalfFloats() {
    }

    /** IEEE 754 binary16 bits of {@code f} (round to nearest even; overflow → ±∞). */
    public static short toF16(float f) {
        return Float.floatToFloat16(f);
    }

    public static float fromF16(short bits) {
        return Float.float16ToFloat(bits);
    }

    /** bfloat16 bits of {@code f}: the upper half of the float32 bits, rounded to nearest even. */
    public static short toBF16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if (Float.isNaN(f)) {
            // keep the sign and force a quiet-NaN mantissa bit so truncation cannot turn NaN into ∞
            return (short) ((bits >>> 16) | 0x0040);
        }
        int roundingBias = 0x7FFF + ((bits >>> 16) & 1);
        return (short) ((bits + roundingBias) >>> 16);
    }

    public static float fromBF16(short bits) {
        return Float.intBitsToFloat((bits & 0xFFFF) << 16);
    }
}
