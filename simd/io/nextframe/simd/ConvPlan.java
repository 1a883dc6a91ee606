package io.nextframe.simd;

/**
 * How a convolution's batch and output positions are cut into lowering units: {@code samples} samples side by side
 * (when one sample has fewer than {@link #MIN_COLUMNS} output positions, so the GEMM stays wide), or bands of
 * {@code positions} output positions of one sample (so that a band's lowered matrix stays near
 * {@link #BAND_FLOATS}, about the size of a core's L2 cache: lowered once, it is read back by the GEMM from cache
 * rather than from memory — worth 10–20% on 64×64 images). It depends on the shapes only — never on the thread
 * count — because the backward-weight reduction runs unit by unit and its rounding follows the cut.
 */
record ConvPlan(int samples, int positions, int chunks) {
    static final int MIN_COLUMNS = 256;
    /** Lowered matrix of several samples side by side: 16 MB per thread at most. */
    static final long MAX_COL_FLOATS = 4L << 20;
    /** Lowered matrix of one band of positions: about 1 MB. */
    static final long BAND_FLOATS = 1L << 18;

    /** {@code maxColFloats} bounds every lowered matrix (tests pass a tiny one to reach narrow bands). */
    static ConvPlan of(ConvShape g, long maxColFloats) {
        long rows = (long) g.cin * g.kVol;
        int samples = Math.min(g.n, Math.max(1, SimdGemm.ceilDiv(MIN_COLUMNS, g.outVol)));
        while (samples > 1 && rows * samples * g.outVol > maxColFloats) {
            samples--;
        }
        int positions = g.outVol;
        if (samples == 1) {
            long band = Math.max(MIN_COLUMNS, BAND_FLOATS / rows);
            band = Math.min(band, Math.max(GemmMicroKernel.NR, maxColFloats / rows));
            if (band < g.outVol) {
                // equal bands, whole micro-tiles wide
                int bands = SimdGemm.ceilDiv(g.outVol, (int) band);
                positions = Math.min(g.outVol, SimdGemm.ceilDiv(SimdGemm.ceilDiv(g.outVol, bands),
                        GemmMicroKernel.NR) * GemmMicroKernel.NR);
            }
        }
        return new ConvPlan(samples, positions, SimdGemm.ceilDiv(g.n, samples));
    }
}
