package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.UnaryOp;

/**
 * Batch normalisation over axis 1 of (N, C, …) inputs: nn.BatchNorm1d/2d/3d (one class; the op takes any rank ≥ 2).
 * Keys weight, bias (when affine), running_mean, running_var, num_batches_tracked (optional on load).
 *
 * <p>Training normalises with batch statistics and updates the running buffers by PyTorch's momentum rule
 * (running = (1 − m)·running + m·batch, unbiased variance). Evaluation normalises with the running buffers, unless
 * {@link #useBatchStatisticsInEval} is set: then evaluation normalises with the batch's own statistics and leaves
 * the buffers untouched, as the SVG authors' generation script effectively does by never calling eval().
 */
public final class BatchNorm extends Block {
    private final int channels;
    private final float momentum;
    private final float eps;
    private final Parameter weight;
    private final Parameter bias;
    private final Buffer runningMean;
    private final Buffer runningVar;
    private final Buffer batchesTracked;
    private boolean batchStatisticsInEval;

    public BatchNorm(Backend backend, int channels, float eps, float momentum, boolean affine) {
        super(backend);
        if (channels < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNorm: channels " + channels + " must be ≥ 1, eps " + eps
                    + " > 0, momentum " + momentum + " in [0, 1]");
        }
        this.channels = channels;
        this.momentum = momentum;
        this.eps = eps;
        this.weight = affine ? parameter("weight", backend.full(Shape.of(channels), 1f)) : null;
        this.bias = affine ? parameter("bias", backend.zeros(channels)) : null;
        this.runningMean = buffer("running_mean", backend.zeros(channels), false);
        this.runningVar = buffer("running_var", backend.full(Shape.of(channels), 1f), false);
        this.batchesTracked = buffer("num_batches_tracked", backend.zeros(Shape.scalar()), true);
    }

    /** PyTorch's defaults: eps 1e-5, momentum 0.1, affine. */
    public BatchNorm(Backend backend, int channels) {
        this(backend, channels, 1e-5f, 0.1f, true);
    }

    /** Whether evaluation mode normalises with batch statistics (buffers untouched) instead of running ones. */
    public BatchNorm useBatchStatisticsInEval(boolean on) {
        this.batchStatisticsInEval = on;
        return this;
    }

    /** Sets {@link #useBatchStatisticsInEval} on every batch norm under {@code root} (SVG's generation script). */
    public static void useBatchStatisticsInEval(Module root, boolean on) {
        for (Module m : root.namedModules().values()) {
            if (m instanceof BatchNorm bn) {
                bn.useBatchStatisticsInEval(on);
            }
        }
    }

    public int channels() {
        return channels;
    }

    public Parameter weight() {
        return weight;
    }

    public Parameter bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean.value();
    }

    public Tensor runningVar() {
        return runningVar.value();
    }

    public Tensor numBatchesTracked() {
        return batchesTracked.value();
    }

    @Override
    public Var forward(Var x) {
        if (x.rank() < 2 || x.dim(1) != channels) {
            throw new IllegalArgumentException("BatchNorm(" + channels + "): input " + x.shape()
                    + ", expected (N, " + channels + ", …)");
        }
        Var g = weight == null ? null : weight.var();
        Var b = bias == null ? null : bias.var();
        if (isTraining()) {
            Tensor n = batchesTracked.value();
            backend.unary(UnaryOp.AFFINE, 1f, 1f, n, n);
            return F.batchNorm(x, g, b, runningMean.value(), runningVar.value(), true, momentum, eps);
        }
        if (batchStatisticsInEval) {
            return F.batchNorm(x, g, b, null, null, true, momentum, eps);
        }
        return F.batchNorm(x, g, b, runningMean.value(), runningVar.value(), false, momentum, eps);
    }
}
