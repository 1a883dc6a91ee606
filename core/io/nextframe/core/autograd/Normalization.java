package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;

/** Batch normalisation over axis 1, with the fused backward kernel. */
final class Normalization {

    private Normalization() {
    }

    /**
     * training: normalises with the batch statistics and, when the running buffers are given, updates them in place
     * (PyTorch's momentum rule); evaluation: normalises with the running buffers, which must be given.
     * gamma and beta may be null (no affine). The running buffers are plain tensors: they are state, not inputs.
     */
    static Var batchNorm(Var x, Var gamma, Var beta, Tensor runningMean, Tensor runningVar, boolean training,
                         float momentum, float eps) {
        if (x.rank() < 2) {
            throw new IllegalArgumentException("batchNorm: x has shape " + x.shape() + ", expected (N, C, ...)");
        }
        Backend be = x.backend();
        Shape perChannel = Shape.of(x.dim(1));
        Tensor y = be.zerosLike(x.value());
        Tensor mean = be.zeros(x.dtype(), perChannel);
        Tensor invStd = be.zeros(x.dtype(), perChannel);
        be.batchNormForward(x.value(), gamma == null ? null : gamma.value(), beta == null ? null : beta.value(),
                runningMean, runningVar, training, momentum, eps, y, mean, invStd);
        Var out = Var.make("batchNorm", y, (gy, n) -> {
            FirstOrder.require("batchNorm");
            Tensor dx = n[0] ? be.zerosLike(x.value()) : null;
            Tensor dg = n[1] ? be.zeros(x.dtype(), perChannel) : null;
            Tensor db = n[2] ? be.zeros(x.dtype(), perChannel) : null;
            be.batchNormBackward(x.value(), gamma == null ? null : gamma.value(), mean, invStd, training,
                    gy.value(), dx, dg, db);
            return new Var[] {constantOrNull(dx), constantOrNull(dg), constantOrNull(db)};
        }, x, gamma, beta);
        if (out.node() != null) {
            out.node().own(mean);
            out.node().own(invStd);
        }
        return out;
    }

    static Var constantOrNull(Tensor t) {
        return t == null ? null : Var.constant(t);
    }
}
