package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;

/**
 * Cross convolution (Xue et al.): each sample's own depthwise kernels (B, C, kh, kw) applied to its own feature maps
 * (B, C, H, W), stride 1, 'same' zero padding (odd kernels), cross-correlation, no bias.
 */
public final class CrossConvolution extends Module {

    public CrossConvolution(Backend backend) {
        super(backend);
    }

    public Var forward(Var x, Var kernels) {
        if (kernels.rank() != 4 || x.rank() != 4 || kernels.dim(0) != x.dim(0) || kernels.dim(1) != x.dim(1)
                || kernels.dim(2) % 2 == 0 || kernels.dim(3) % 2 == 0) {
            throw new IllegalArgumentException("CrossConvolution: maps " + x.shape() + " and kernels "
                    + kernels.shape() + " disagree; expected (B, C, H, W) and (B, C, kh, kw) with odd kh, kw");
        }
        return F.crossConv(x, kernels, kernels.dim(2) / 2, kernels.dim(3) / 2);
    }
}
