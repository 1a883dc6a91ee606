package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;

/**
 * DFN's dynamic convolution: one generated filter bank per sample, filters (B, Cout, Cin, kh, kw), applied to that
 * sample only with stride 1 and the given zero padding. Implemented as one grouped convolution with B groups over
 * the batch folded into channels, so it is as differentiable as conv itself (in x and in the filters).
 */
public final class DynamicConvolution extends Module {
    private final int padH;
    private final int padW;

    public DynamicConvolution(Backend backend, int padH, int padW) {
        super(backend);
        this.padH = padH;
        this.padW = padW;
    }

    /** 'Same' padding for odd k×k filters. */
    public static DynamicConvolution same(Backend backend, int k) {
        return new DynamicConvolution(backend, k / 2, k / 2);
    }

    public Var forward(Var x, Var filters) {
        if (x.rank() != 4 || filters.rank() != 5 || filters.dim(0) != x.dim(0) || filters.dim(2) != x.dim(1)) {
            throw new IllegalArgumentException("DynamicConvolution: input " + x.shape() + " and filters "
                    + filters.shape() + " disagree; expected x (B, Cin, H, W), filters (B, Cout, Cin, kh, kw)");
        }
        int b = x.dim(0), cin = x.dim(1), cout = filters.dim(1), kh = filters.dim(3), kw = filters.dim(4);
        ConvSpec spec = new ConvSpec(new int[] {1, 1}, new int[] {padH, padW}, new int[] {1, 1}, b);
        Var folded = F.reshape(x, 1, b * cin, x.dim(2), x.dim(3));
        Var w = F.reshape(filters, b * cout, cin, kh, kw);
        Var y = F.conv(spec, folded, w, null);
        return F.reshape(y, b, cout, y.dim(2), y.dim(3));
    }
}
