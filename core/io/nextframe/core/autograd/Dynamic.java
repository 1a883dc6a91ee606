package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;

/** Ops with input-dependent filters: DFN's dynamic local filtering and the cross convolution (fused backward). */
final class Dynamic {

    private Dynamic() {
    }

    /** x (B, C, H, W) filtered per pixel by filters (B, kh·kw, H, W); see Kernels.localFilterForward. */
    static Var localFilter(Var x, Var filters, int kh, int kw) {
        Backend be = x.backend();
        Tensor y = be.zerosLike(x.value());
        be.localFilterForward(x.value(), filters.value(), kh, kw, y);
        return Var.make("localFilter", y, (gy, n) -> {
            FirstOrder.require("localFilter");
            Tensor dx = be.zerosLike(x.value());
            Tensor df = be.zerosLike(filters.value());
            be.localFilterBackward(x.value(), filters.value(), kh, kw, gy.value(), dx, df);
            return new Var[] {Var.constant(dx), Var.constant(df)};
        }, x, filters);
    }

    /** Each sample's own depthwise kernels k (B, C, kh, kw) applied to x (B, C, H, W), stride 1, zero padding. */
    static Var crossConv(Var x, Var k, int padH, int padW) {
        Backend be = x.backend();
        int oh = x.dim(2) + 2 * padH - k.dim(2) + 1, ow = x.dim(3) + 2 * padW - k.dim(3) + 1;
        if (x.rank() != 4 || k.rank() != 4 || oh < 1 || ow < 1) {
            throw new IllegalArgumentException("crossConv: x " + x.shape() + " and kernels " + k.shape()
                    + " with padding " + padH + "×" + padW + " give no output; expected x (B,C,H,W), k (B,C,kh,kw)");
        }
        Tensor y = be.zeros(x.dtype(), io.nextframe.core.Shape.of(x.dim(0), x.dim(1), oh, ow));
        be.crossConvForward(x.value(), k.value(), padH, padW, y);
        return Var.make("crossConv", y, (gy, n) -> {
            FirstOrder.require("crossConv");
            Tensor dx = be.zerosLike(x.value());
            Tensor dk = be.zerosLike(k.value());
            be.crossConvBackward(x.value(), k.value(), padH, padW, gy.value(), dx, dk);
            return new Var[] {Var.constant(dx), Var.constant(dk)};
        }, x, k);
    }
}
