package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

/**
 * DFN's dynamic local filtering: every output pixel is its own kh×kw filter applied to the input's neighbourhood,
 * y[b,c,i,j] = Σ_k F[b,k,i,j] · x[b,c, i + k/kw − kh/2, j + k%kw − kw/2] (zero outside, un-flipped, row-major taps).
 * The filters come from the network as logits (B, kh·kw, H, W) and are softmax-normalised over the taps at each
 * pixel (the DFN default), or used as given when {@code normalise} is off. No parameters of its own.
 */
public final class DynamicLocalFilter extends Module {
    private final int kh;
    private final int kw;
    private final boolean normalise;

    public DynamicLocalFilter(Backend backend, int kh, int kw, boolean normalise) {
        super(backend);
        if (kh < 1 || kw < 1 || kh % 2 == 0 || kw % 2 == 0) {
            throw new IllegalArgumentException("DynamicLocalFilter: filter " + kh + "×" + kw
                    + " must have odd sides ≥ 1 (centred taps)");
        }
        this.kh = kh;
        this.kw = kw;
        this.normalise = normalise;
    }

    public DynamicLocalFilter(Backend backend, int k) {
        this(backend, k, k, true);
    }

    /** The per-pixel filters actually applied: softmax over axis 1 of the logits, or the logits themselves. */
    public Var filters(Var logits) {
        if (logits.rank() != 4 || logits.dim(1) != kh * kw) {
            throw new IllegalArgumentException("DynamicLocalFilter " + kh + "×" + kw + ": filters " + logits.shape()
                    + ", expected (B, " + kh * kw + ", H, W)");
        }
        return normalise ? F.softmax(logits, 1) : logits;
    }

    /** x (B, C, H, W) filtered by the per-pixel filters from {@code logits} (B, kh·kw, H, W). */
    public Var forward(Var x, Var logits) {
        Var f = filters(logits);
        if (x.rank() != 4 || x.dim(0) != f.dim(0) || x.dim(2) != f.dim(2) || x.dim(3) != f.dim(3)) {
            throw new IllegalArgumentException("DynamicLocalFilter: input " + x.shape() + " and filters "
                    + f.shape() + " disagree; expected x (B, C, H, W), filters (B, k², H, W)");
        }
        return F.localFilter(x, f, kh, kw);
    }

    /** DFN's flow read-out: (Σ F·(k%kw − kw/2), Σ F·(k/kw − kh/2)) per pixel, as (B, 2, H, W) = (flowX, flowY). */
    public Var flow(Var filters) {
        double[] dx = new double[kh * kw], dy = new double[kh * kw];
        for (int k = 0; k < kh * kw; k++) {
            dx[k] = k % kw - kw / 2;
            dy[k] = k / kw - kh / 2;
        }
        Var wx = taps(dx, filters), wy = taps(dy, filters);
        Var fx = F.sum(F.mul(filters, wx), true, 1);
        Var fy = F.sum(F.mul(filters, wy), true, 1);
        return F.concat(java.util.List.of(fx, fy), 1);
    }

    private Var taps(double[] v, Var like) {
        io.nextframe.core.Shape s = io.nextframe.core.Shape.of(1, v.length, 1, 1);
        io.nextframe.core.Tensor t = like.dtype() == io.nextframe.core.DType.F64 ? backend.fromDoubles(s, v)
                : backend.fromFloats(s, toFloats(v));
        return Var.constant(t);
    }

    private static float[] toFloats(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
