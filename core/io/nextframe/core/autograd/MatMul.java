package io.nextframe.core.autograd;

import io.nextframe.core.Tensor;

/** Matrix products (2-D, and batched 3-D with a broadcast batch of 1) and the PyTorch-layout linear layer. */
final class MatMul {

    private MatMul() {
    }

    /**
     * op(a)·op(b), op = transpose when the flag is set. Backward, with y = op(A)·op(B):
     * d op(A) = gy·op(B)ᵀ and d op(B) = op(A)ᵀ·gy, transposed back where A or B were used transposed.
     */
    static Var mm(Var a, boolean ta, Var b, boolean tb) {
        Tensor y = a.backend().matmul(a.value(), ta, b.value(), tb);
        return Var.make("matmul", y, (gy, n) -> {
            Var ga = null, gb = null;
            if (n[0]) {
                ga = ta ? mm(b, tb, gy, true) : mm(gy, false, b, !tb);
                ga = F.sumTo(ga, a.shape());
            }
            if (n[1]) {
                gb = tb ? mm(gy, true, a, ta) : mm(a, !ta, gy, false);
                gb = F.sumTo(gb, b.shape());
            }
            return new Var[] {ga, gb};
        }, a, b);
    }

    /** x·wᵀ + b with w (out, in), b (out) or null; x (…, in) of any rank ≥ 1. */
    static Var linear(Var x, Var w, Var b) {
        if (w.rank() != 2 || x.dim(-1) != w.dim(1)) {
            throw new IllegalArgumentException("linear: x " + x.shape() + " and w " + w.shape()
                    + " do not fit; expected x (…, in) and w (out, in) with the same in");
        }
        if (b != null && (b.rank() != 1 || b.dim(0) != w.dim(0))) {
            throw new IllegalArgumentException("linear: bias " + b.shape() + ", expected (" + w.dim(0) + ")");
        }
        Var x2 = x.rank() == 2 ? x : F.reshape(x, -1, x.dim(-1));
        Var y = mm(x2, false, w, true);
        if (b != null) {
            y = F.add(y, b);
        }
        if (x.rank() == 2) {
            return y;
        }
        int[] d = x.shape().dims();
        d[d.length - 1] = w.dim(0);
        return F.reshape(y, d);
    }
}
