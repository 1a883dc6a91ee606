package io.nextframe.simd;

/**
 * How a convolution's batch and output positions are cut into lowering units: {@code samples} samples side by side
 * (when one sample has fewer than {@link #MIN_COLUMNS} output positions, so the GEMM stays wide), or bands of
 * {@code positions} output positions of one sample (when one sample's lowered matrix would pass
 * {@link #MAX_COL_FLOATS}). It depends on the shapes only — never on the thread count — because the backward-weight
 * reduction runs unit by unit and its rounding follows the cut.
 */
record ConvPlan(int samples, int positions, int chunks) {
    static final int MIN_COLUMNS = 256;
    /** 16 MB of lowered matrix per thread at most. */
    static final long MAX_COL_FLOATS = 4L << 20;

    static ConvPlan of(ConvShape g, long maxColFloats) {
        long rows = (long) g.cin * g.kVol;
        int samples = Math.min(g.n, Math.max(1, SimdGemm.ceilDiv(MIN_COLUMNS, g.outVol)));
        while (samples > 1 && rows * samples * g.outVol > maxColFloats) {
            samples--;
        }
        int positions = g.outVol;
        if (samples == 1 && rows * positions > maxColFloats) {
            int band = (int) (maxColFloats / rows) / GemmMicroKernel.NR * GemmMicroKernel.NR;
            positions = Math.min(g.outVol, Math.max(GemmMicroKernel.NR, band));
        }
        return new ConvPlan(samples, positions, SimdGemm.ceilDiv(g.n, samples));
    }
}
