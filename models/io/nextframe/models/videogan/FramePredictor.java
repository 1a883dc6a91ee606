package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.Module;

import java.util.ArrayList;
import java.util.List;

/**
 * A next-frame predictor over videos (B, C, T, H, W). Training uses teacher forcing: at every step the true frame t
 * goes in and the L2 error against frame t + 1 is averaged. Generation is recursive: from one frame, each prediction
 * is fed back in.
 */
public abstract class FramePredictor extends Module {
    protected final PredictorConfig cfg;

    protected FramePredictor(Backend backend, PredictorConfig cfg) {
        super(backend);
        this.cfg = cfg;
    }

    public PredictorConfig config() {
        return cfg;
    }

    /** Per-sequence recurrent state: feed frames one at a time. */
    public interface Stepper {
        /** Consumes frame (B, C, H, W), returns the predicted next frame. */
        Var step(Var frame);
    }

    public abstract Stepper start();

    /** Mean over steps of MSE(predicted frame t + 1, true frame t + 1) with true inputs. */
    public Var teacherForcingLoss(Var video) {
        checkVideo(video);
        Stepper s = start();
        int t = video.dim(2);
        Var total = null;
        for (int i = 0; i + 1 < t; i++) {
            Var pred = s.step(F.select(video, 2, i));
            Var l = F.mse(pred, F.select(video, 2, i + 1));
            total = total == null ? l : F.add(total, l);
        }
        return F.scale(total, 1f / (t - 1));
    }

    /**
     * The teacher-forcing loss as a {@link io.nextframe.models.train.StepLoss} for the shared
     * {@link io.nextframe.models.train.TrainLoop}, whose batches are (N, T, C, H, W).
     */
    public io.nextframe.models.train.StepLoss stepLoss() {
        return (batch, step) -> teacherForcingLoss(F.permute(Var.constant(batch), 0, 2, 1, 3, 4));
    }

    /** {@code steps} frames generated recursively from one frame (B, C, H, W): (B, C, steps, H, W), no tape. */
    public Tensor generate(Var first, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": steps " + steps + " must be ≥ 1");
        }
        try (Grad.Mode off = Grad.off()) {
            Stepper s = start();
            List<Var> out = new ArrayList<>();
            Var frame = first;
            for (int i = 0; i < steps; i++) {
                frame = s.step(frame);
                out.add(frame);
            }
            return F.stack(out, 2).value();
        }
    }

    private void checkVideo(Var video) {
        if (video.rank() != 5 || video.dim(1) != cfg.channels() || video.dim(2) < 2 || video.dim(3) != cfg.size()
                || video.dim(4) != cfg.size()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": video " + video.shape()
                    + ", expected (B, " + cfg.channels() + ", T ≥ 2, " + cfg.size() + ", " + cfg.size() + ")");
        }
    }
}
