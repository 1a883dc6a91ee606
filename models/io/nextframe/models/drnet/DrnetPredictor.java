package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.models.svg.SvgEncoder;
import io.nextframe.models.svg.SvgLstm;

import java.util.ArrayList;
import java.util.List;

/**
 * Forward prediction with a {@link DrnetLstmModel}, as train_lstm.py's generation: h_c = E_c(x[P−1]) (and its
 * skips) from the last observed frame, fixed; h_p = E_p(x[0]); for i = 1 … P−1 the LSTM consumes [h_p, h_c] to
 * advance its state and h_p = E_p(x[i]); from i = P on, h_p = LSTM([h_p, h_c]) (the predicted pose is fed back,
 * frames are never re-encoded) and x̃^i = D(h_c, h_p).
 *
 * <p>Deterministic: no sampling, BatchNorm with running statistics, clips processed in chunks whose results do not
 * depend on the chunking. Each step's temporaries are freed, so long rollouts (hundreds of frames) run in constant
 * device memory.
 */
public final class DrnetPredictor {
    /** Clips processed together at most. */
    static final int CHUNK = 32;

    private final DrnetLstmModel model;

    public DrnetPredictor(DrnetLstmModel model) {
        this.model = model;
    }

    public DrnetLstmModel model() {
        return model;
    }

    /**
     * Predicts {@code future} frames after the first {@code past} frames of each clip.
     *
     * @param clips values of (N, T ≥ past, C, 64, 64), row-major, finite (frames in [0, 1])
     * @param shape {N, T, C, H, W}
     * @return (N, future, C, 64, 64), row-major
     * @throws IllegalArgumentException naming the problem (shape, channels, size, too few frames, non-finite
     *                                  value), before any compute
     */
    public float[] predict(float[] clips, int[] shape, int past, int future) {
        check(clips, shape, past, future);
        int n = shape[0], t = shape[1], c = shape[2], w = DrnetConfig.IMAGE_WIDTH;
        int frame = c * w * w;
        float[] out = new float[n * future * frame];
        Backend be = model.backend();
        model.freeze(false);
        for (int start = 0; start < n; start += CHUNK) {
            int m = Math.min(CHUNK, n - start), base = start;
            float[] ctx = new float[m * past * frame];
            for (int i = 0; i < m; i++) {
                System.arraycopy(clips, (start + i) * t * frame, ctx, i * past * frame, past * frame);
            }
            try (Grad.Mode off = Grad.off(); Scope s = be.scope()) {
                Tensor x = be.fromFloats(Shape.of(m, past, c, w, w), ctx);
                rollout(x, future, (step, frames) -> {
                    for (int i = 0; i < m; i++) {
                        System.arraycopy(frames, i * frame, out, ((base + i) * future + step) * frame, frame);
                    }
                });
            }
        }
        return out;
    }

    /** Receives predicted frame {@code step} (0-based) of every clip of a chunk, (m, C, 64, 64). */
    @FunctionalInterface
    interface FrameSink {
        void accept(int step, float[] frames);
    }

    private void rollout(Tensor context, int future, FrameSink sink) {
        Backend be = model.backend();
        int past = context.dim(1);
        Var all = Var.constant(context);
        SvgEncoder.Encoded content = model.content(F.select(all, 1, past - 1));
        Var hp = model.pose(F.select(all, 1, 0));
        List<LstmState> state = null;
        for (int i = 1; i < past + future; i++) {
            try (Scope step = be.scope()) {
                SvgLstm.Step s = model.step(hp, content.h(), state);
                if (i < past) {
                    hp = model.pose(F.select(all, 1, i));
                } else {
                    hp = s.out();
                    sink.accept(i - past, model.decode(content, hp).value().toFloatArray());
                }
                state = keep(step, s.state());
                hp = Var.constant(step.keep(be.copyOf(hp.value())));
            }
        }
    }

    /** Copies the recurrent state out of the step's scope (views of freed buffers must not survive it). */
    private List<LstmState> keep(Scope step, List<LstmState> state) {
        Backend be = model.backend();
        List<LstmState> out = new ArrayList<>(state.size());
        for (LstmState st : state) {
            out.add(new LstmState(Var.constant(step.keep(be.copyOf(st.h().value()))),
                    Var.constant(step.keep(be.copyOf(st.c().value())))));
        }
        return out;
    }

    private void check(float[] clips, int[] shape, int past, int future) {
        DrnetConfig c = model.config().drnet();
        if (clips == null || shape == null) {
            throw new IllegalArgumentException("DrNET predict: clips and shape are required");
        }
        DrnetInputs.checkDims(c, "predict", shape, Math.max(1, past));
        long size = 1;
        for (int d : shape) {
            size *= d;
        }
        if (size != clips.length) {
            throw new IllegalArgumentException("DrNET predict: shape " + java.util.Arrays.toString(shape) + " holds "
                    + size + " values, the array " + clips.length);
        }
        if (past < 1 || future < 1) {
            throw new IllegalArgumentException("DrNET predict: past " + past + " and future " + future
                    + " must be ≥ 1");
        }
        DrnetInputs.checkFinite("predict", clips);
    }
}
