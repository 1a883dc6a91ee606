package io.nextframe.layers.optim;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.layers.Parameter;

import java.util.Collection;

/** Weight clipping (WGAN critics) and gradient-norm clipping (torch.nn.utils.clip_grad_norm_). */
public final class Clipping {

    private Clipping() {
    }

    /** Clamps every parameter to [−c, c] in place. */
    public static void clipWeights(Collection<Parameter> params, float c) {
        if (!(c > 0)) {
            throw new IllegalArgumentException("clipWeights: bound " + c + " must be > 0");
        }
        try (Grad.Mode off = Grad.off()) {
            for (Parameter p : params) {
                Tensor w = p.value();
                w.backend().unary(UnaryOp.CLAMP, -c, c, w, w);
            }
        }
    }

    /**
     * The global L2 norm of all gradients; when it exceeds {@code maxNorm}, every gradient is scaled by
     * maxNorm / (norm + 1e−6) as PyTorch. Returns the norm before clipping.
     */
    public static double clipGradNorm(Collection<Parameter> params, double maxNorm) {
        if (!(maxNorm > 0)) {
            throw new IllegalArgumentException("clipGradNorm: max norm " + maxNorm + " must be > 0");
        }
        double sq = 0;
        for (Parameter p : params) {
            Tensor g = p.grad();
            if (g != null) {
                sq += sumOfSquares(g);
            }
        }
        double norm = Math.sqrt(sq);
        if (norm > maxNorm) {
            float s = (float) (maxNorm / (norm + 1e-6));
            for (Parameter p : params) {
                Tensor g = p.grad();
                if (g != null) {
                    Backend be = g.backend();
                    be.unary(UnaryOp.AFFINE, s, 0f, g, g);
                }
            }
        }
        return norm;
    }

    /** Σ g² reduced on the backend, so only one number crosses to the host. */
    private static double sumOfSquares(Tensor g) {
        Backend be = g.backend();
        if (g.rank() == 0) {
            double v = g.toDoubleArray()[0];
            return v * v;
        }
        int[] all = new int[g.rank()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        try (Scope s = be.scope(); Grad.Mode off = Grad.off()) {
            return be.reduce(ReduceOp.SUM, be.unary(UnaryOp.SQUARE, g), all).toDoubleArray()[0];
        }
    }
}
