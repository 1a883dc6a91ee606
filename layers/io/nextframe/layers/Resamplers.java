package io.nextframe.layers;

import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.ResizeMode;

/** The pyramid operators: 2×2 block mean down with bilinear up, and the 5-tap binomial (Burt–Adelson) filter. */
public final class Resamplers {

    private Resamplers() {
    }

    /** Down: 2×2 average pooling (even sizes); up: bilinear, half-pixel centres (align_corners false). */
    public static Resampler blockMeanBilinear() {
        return new Resampler() {
            @Override
            public Var down(Var x) {
                return F.avgPool(x, 2, 2);
            }

            @Override
            public Var up(Var x, int h, int w) {
                return F.resize(ResizeMode.LINEAR, false, x, h, w);
            }
        };
    }

    /**
     * Burt and Adelson's REDUCE / EXPAND with the separable 5-tap kernel [1, 4, 6, 4, 1]/16 and zero padding: down
     * blurs and keeps every other pixel (ceil(n/2)); up inserts zeros and blurs with 4× the kernel, a transposed
     * convolution of the same depthwise kernel.
     */
    public static Resampler binomial5() {
        return new Resampler() {
            @Override
            public Var down(Var x) {
                int c = x.dim(1);
                ConvSpec spec = ConvSpec.of(2, 2, 2).withGroups(c);
                return F.conv(spec, x, kernel(x, c, 1f), null);
            }

            @Override
            public Var up(Var x, int h, int w) {
                int c = x.dim(1);
                int opH = h - (2 * x.dim(2) - 1), opW = w - (2 * x.dim(3) - 1);
                if (opH < 0 || opH > 1 || opW < 0 || opW > 1) {
                    throw new IllegalArgumentException("binomial5 up: " + x.shape() + " cannot expand to " + h + "×"
                            + w + " (expected 2n − 1 or 2n)");
                }
                ConvSpec spec = ConvSpec.of(2, 2, 2).withGroups(c);
                return F.convTranspose(spec, x, kernel(x, c, 4f), null, opH, opW);
            }
        };
    }

    /** The depthwise 5×5 binomial kernel (c, 1, 5, 5) scaled by {@code gain}, in x's dtype. */
    private static Var kernel(Var x, int c, float gain) {
        double[] taps = {1, 4, 6, 4, 1};
        double[] k = new double[c * 25];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < 5; i++) {
                for (int j = 0; j < 5; j++) {
                    k[ch * 25 + i * 5 + j] = gain * taps[i] * taps[j] / 256.0;
                }
            }
        }
        Shape s = Shape.of(c, 1, 5, 5);
        Tensor t;
        if (x.dtype() == DType.F64) {
            t = x.backend().fromDoubles(s, k);
        } else {
            float[] f = new float[k.length];
            for (int i = 0; i < k.length; i++) {
                f[i] = (float) k[i];
            }
            t = x.backend().fromFloats(s, f);
        }
        return Var.constant(t);
    }
}
