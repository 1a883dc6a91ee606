package io.nextframe.simd;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * im2col and col2im for narrow output rows through a table of source offsets: for each kernel tap and each output
 * position of a band, the offset of the input element it reads within a channel plane, or −1 where it falls in the
 * padding. {@link ConvLowering} walks the plane row run by row run, which costs a call, bounds arithmetic and masks per
 * run; when the output rows are shorter than a vector (the 4×4 and 8×8 maps of a DCGAN encoder, the 4×4 … 16×16
 * inputs of its decoder) that per-run cost was several times the copying itself. The table is built once per
 * convolution call and shared by every plane, so a plane becomes one flat loop per tap.
 *
 * <p>The order of the accumulation in {@link #raise} is {@link ConvLowering#raise}'s — tap by tap, positions in
 * order — so each input element receives the same additions in the same order.
 */
final class TapTable {
    /** Output rows narrower than this (one vector) use the table; from one vector up the run-wise path is as fast. */
    static final int MAX_OUT_W = GemmMicroKernel.L;

    private static final ValueLayout.OfFloat F = ValueLayout.JAVA_FLOAT_UNALIGNED;

    final int len;
    final int taps;
    private final int[] offsets;

    private TapTable(int taps, int len, int[] offsets) {
        this.taps = taps;
        this.len = len;
        this.offsets = offsets;
    }

    /** Whether the convolution's output rows are narrow enough for the table path. */
    static boolean suits(ConvShape g) {
        return g.outW < MAX_OUT_W;
    }

    /** The table for output positions [s0, s0 + len) of {@code g}. */
    static TapTable of(ConvShape g, int s0, int len) {
        int[] t = new int[g.kVol * len];
        int hw = g.outH * g.outW;
        int tap = 0;
        for (int kd = 0; kd < g.kD; kd++) {
            for (int kh = 0; kh < g.kH; kh++) {
                for (int kw = 0; kw < g.kW; kw++, tap++) {
                    for (int s = 0; s < len; s++) {
                        int pos = s0 + s;
                        int od = pos / hw, oh = pos % hw / g.outW, ow = pos % g.outW;
                        int id = od * g.sD - g.pD + kd * g.dD, ih = oh * g.sH - g.pH + kh * g.dH;
                        int iw = ow * g.sW - g.pW + kw * g.dW;
                        boolean inside = id >= 0 && id < g.inD && ih >= 0 && ih < g.inH && iw >= 0 && iw < g.inW;
                        t[tap * len + s] = inside ? (id * g.inH + ih) * g.inW + iw : -1;
                    }
                }
            }
        }
        return new TapTable(g.kVol, len, t);
    }

    /** As {@link ConvLowering#lower}: rows {@code col[at + r·ldcol …]}, r < taps, columns [0, len). */
    void lower(MemorySegment x, long plane, MemorySegment col, long at, int ldcol) {
        long xb = plane * Float.BYTES;
        for (int t = 0, k = 0; t < taps; t++) {
            long o = (at + (long) t * ldcol) * Float.BYTES;
            for (int s = 0; s < len; s++, k++, o += Float.BYTES) {
                int src = offsets[k];
                col.set(F, o, src < 0 ? 0f : x.get(F, xb + (long) src * Float.BYTES));
            }
        }
    }

    /** As {@link ConvLowering#raise}: adds rows {@code col[at + r·ldcol …]} into the plane {@code dx[plane…]}. */
    void raise(MemorySegment col, long at, int ldcol, MemorySegment dx, long plane) {
        long xb = plane * Float.BYTES;
        for (int t = 0, k = 0; t < taps; t++) {
            long o = (at + (long) t * ldcol) * Float.BYTES;
            for (int s = 0; s < len; s++, k++, o += Float.BYTES) {
                int src = offsets[k];
                if (src >= 0) {
                    long d = xb + (long) src * Float.BYTES;
                    dx.set(F, d, dx.get(F, d) + col.get(F, o));
                }
            }
        }
    }
}
