package io.nextframe.opencl;

import io.nextframe.core.Tensor;
import org.jocl.cl_mem;

/**
 * Batch norm over axis 1 (kernels/norm.cl), its statistics from {@link ReduceOps#channelSum}: the mean first, then
 * the sum of squared deviations from it (two passes, as accurate as the reference's).
 */
final class NormOps extends ClOps {
    private final ReduceOps reduce;

    NormOps(ClContext ctx, ReduceOps reduce) {
        super(ctx);
        this.reduce = reduce;
    }

    void forward(Tensor x, Tensor gamma, Tensor beta, Tensor runningMean, Tensor runningVar, boolean training,
                 float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int total = n(x), c = x.dim(1), n = x.dim(0), inner = total / (n * c);
        int count = n * inner;
        ClBufferPool.Buffer sqdev = accScratch(c);
        try {
            if (training) {
                reduce.channelSum(0, n, c, inner, mem(x), off(x), null, 0, null, 0, count, mem(saveMean),
                        off(saveMean));
                reduce.channelSumAcc(1, n, c, inner, mem(x), off(x), null, 0, mem(saveMean), off(saveMean),
                        sqdev.mem());
            }
            boolean running = runningMean != null && runningVar != null;
            launch("norm", "bn_stats").i(c).i(count).i(training ? 1 : 0).f(momentum).f(eps).i(running ? 1 : 0)
                    .mem(sqdev.mem())
                    .mem(running ? mem(runningMean) : sqdev.mem()).i(running ? off(runningMean) : 0)
                    .mem(running ? mem(runningVar) : sqdev.mem()).i(running ? off(runningVar) : 0)
                    .mem(mem(saveMean)).i(off(saveMean)).mem(mem(saveInvStd)).i(off(saveInvStd))
                    .run1(c, LOCAL_1D);
        } finally {
            release(sqdev);
        }
        launch("norm", "bn_apply").i(n).i(c).i(inner).mem(mem(x)).i(off(x)).mem(mem(saveMean)).i(off(saveMean))
                .mem(mem(saveInvStd)).i(off(saveInvStd))
                .mem(optMem(gamma, x)).i(optOff(gamma)).i(gamma == null ? 0 : 1)
                .mem(optMem(beta, x)).i(optOff(beta)).i(beta == null ? 0 : 1)
                .mem(mem(y)).i(off(y)).run(grid(n, c, inner), new long[] {LOCAL_1D, 1, 1});
    }

    void backward(Tensor x, Tensor gamma, Tensor saveMean, Tensor saveInvStd, boolean training, Tensor dy, Tensor dx,
                  Tensor dgamma, Tensor dbeta) {
        int total = n(x), c = x.dim(1), n = x.dim(0), inner = total / (n * c);
        int count = n * inner;
        ClBufferPool.Buffer sumDy = accScratch(c), sumDyXmu = accScratch(c);
        try {
            reduce.channelSumAcc(0, n, c, inner, mem(dy), off(dy), null, 0, null, 0, sumDy.mem());
            reduce.channelSumAcc(2, n, c, inner, mem(x), off(x), mem(dy), off(dy), mem(saveMean), off(saveMean),
                    sumDyXmu.mem());
            if (dgamma != null || dbeta != null) {
                launch("norm", "bn_param_grads").i(c).mem(sumDy.mem()).mem(sumDyXmu.mem()).mem(mem(saveInvStd))
                        .i(off(saveInvStd)).mem(optMem(dgamma, x)).i(optOff(dgamma)).i(dgamma == null ? 0 : 1)
                        .mem(optMem(dbeta, x)).i(optOff(dbeta)).i(dbeta == null ? 0 : 1).run1(c, LOCAL_1D);
            }
            if (dx != null) {
                launch("norm", "bn_dx").i(n).i(c).i(inner).i(count).i(training ? 1 : 0).mem(mem(x)).i(off(x))
                        .mem(mem(saveMean)).i(off(saveMean)).mem(mem(saveInvStd)).i(off(saveInvStd))
                        .mem(optMem(gamma, x)).i(optOff(gamma)).i(gamma == null ? 0 : 1)
                        .mem(sumDy.mem()).mem(sumDyXmu.mem()).mem(mem(dy)).i(off(dy)).mem(mem(dx)).i(off(dx))
                        .run(grid(n, c, inner), new long[] {LOCAL_1D, 1, 1});
            }
        } finally {
            release(sumDy);
            release(sumDyXmu);
        }
    }

    /** Global size (inner, C, N) of the per-element kernels. */
    private static long[] grid(int n, int c, int inner) {
        return new long[] {inner, c, n};
    }

    /** A placeholder buffer for an absent optional operand (the kernel is told not to read it). */
    private static cl_mem optMem(Tensor t, Tensor placeholder) {
        return t == null ? mem(placeholder) : mem(t);
    }

    private static int optOff(Tensor t) {
        return t == null ? 0 : off(t);
    }
}
