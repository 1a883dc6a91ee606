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
import java.util.function.IntFunction;

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
        int past = context.dim(1);
        Var all = Var.constant(context);
        rollout(model.content(F.select(all, 1, past - 1)), i -> model.pose(F.select(all, 1, i)), past, future, sink);
    }

    /**
     * The generation loop: the LSTM consumes [h_p^i, h_c] for the observed poses i = 0 … past − 1 (the last one's
     * output is the first predicted pose), then its own predictions; each predicted pose is decoded with the content.
     */
    private void rollout(SvgEncoder.Encoded content, IntFunction<Var> observedPose, int past, int future,
                         FrameSink sink) {
        Backend be = model.backend();
        Var hp = observedPose.apply(0);
        List<LstmState> state = null;
        for (int i = 1; i < past + future; i++) {
            try (Scope step = be.scope()) {
                SvgLstm.Step s = model.step(hp, content.h(), state);
                if (i < past) {
                    hp = observedPose.apply(i);
                } else {
                    hp = s.out();
                    sink.accept(i - past, model.decode(content, hp).value().toFloatArray());
                }
                state = keep(step, s.state());
                hp = Var.constant(step.keep(be.copyOf(hp.value())));
            }
        }
    }

    /**
     * A streaming session for one live source: {@link Session#observe} encodes each frame's pose at once and keeps
     * only the pose vectors and the last frame; {@link Session#predict} runs the LSTM over the kept poses with the
     * content of the last frame and rolls out. It returns what {@link #predict(float[], int[], int, int)} returns
     * for a clip of the observed frames. One thread per session; the weights are shared.
     */
    public Session session() {
        return new Session();
    }

    /** See {@link #session()}. */
    public final class Session implements AutoCloseable {
        private final List<float[]> poses = new ArrayList<>();
        private float[] last;

        private Session() {
        }

        /** Feeds the next frame, (C, 64, 64) values; checked before any compute. */
        public void observe(float[] frame) {
            DrnetConfig c = model.config().drnet();
            int size = c.channels() * DrnetConfig.IMAGE_WIDTH * DrnetConfig.IMAGE_WIDTH;
            if (frame == null || frame.length != size) {
                throw new IllegalArgumentException("DrNET session: a frame of " + (frame == null ? 0 : frame.length)
                        + " values, the model takes (" + c.channels() + ", 64, 64) = " + size);
            }
            DrnetInputs.checkFinite("session", frame);
            Backend be = model.backend();
            model.freeze(false);
            try (Grad.Mode off = Grad.off(); Scope s = be.scope()) {
                Var x = Var.constant(be.fromFloats(Shape.of(1, c.channels(), DrnetConfig.IMAGE_WIDTH,
                        DrnetConfig.IMAGE_WIDTH), frame));
                poses.add(model.pose(x).value().toFloatArray());
            }
            last = frame.clone();
        }

        public int observed() {
            return poses.size();
        }

        /** The next {@code future} frames, (F, C, 64, 64); the session is unchanged. */
        public float[] predict(int future) {
            if (poses.isEmpty()) {
                throw new IllegalStateException("DrNET session: observe at least one frame before predicting");
            }
            if (future < 1) {
                throw new IllegalArgumentException("DrNET session: future " + future + " must be ≥ 1");
            }
            DrnetConfig c = model.config().drnet();
            int w = DrnetConfig.IMAGE_WIDTH, frame = c.channels() * w * w;
            float[] out = new float[future * frame];
            Backend be = model.backend();
            model.freeze(false);
            try (Grad.Mode off = Grad.off(); Scope s = be.scope()) {
                SvgEncoder.Encoded content = model.content(Var.constant(be.fromFloats(Shape.of(1, c.channels(), w,
                        w), last)));
                rollout(content, i -> Var.constant(be.fromFloats(Shape.of(1, c.poseDim()), poses.get(i))),
                        poses.size(), future, (step, frames) -> System.arraycopy(frames, 0, out, step * frame,
                                frame));
            }
            return out;
        }

        /** Nothing stays on the device between calls; forgets the observed poses. */
        @Override
        public void close() {
            poses.clear();
            last = null;
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
