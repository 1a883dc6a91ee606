package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;

import java.util.ArrayList;
import java.util.List;

/**
 * A streaming SVG session: K recurrent states (one per sample, each with its own noise stream k of the seed, as
 * {@link SvgModel#predict} draws them), advanced by each observed frame. Between calls the states are held in
 * tensors the session owns; {@link #predict} generates from them inside a scope and discards what it made, so
 * asking for predictions never changes what later observations give.
 */
public final class SvgSession implements AutoCloseable {
    private final SvgModel model;
    private final Backend backend;
    private final SvgRollout rollout;
    private final SvgNoise[] noise;
    private final SvgRollout.State[] states;
    private final List<Tensor> owned = new ArrayList<>();
    private int observed;
    private boolean closed;

    /**
     * The caller must not train or reconfigure {@code model} while sessions are open; the model is put in
     * evaluation mode with the given BatchNorm statistics once, here.
     */
    public SvgSession(SvgModel model, int samples, long seed, SvgModel.Latent latent, SvgModel.BatchStats stats) {
        if (samples < 1) {
            throw new IllegalArgumentException("SVG session: samples " + samples + " must be ≥ 1");
        }
        this.model = model;
        this.backend = model.backend();
        model.prepareForGeneration(stats);
        this.rollout = new SvgRollout(model, latent);
        this.noise = new SvgNoise[samples];
        this.states = new SvgRollout.State[samples];
        for (int k = 0; k < samples; k++) {
            noise[k] = new SvgNoise(seed, k);
        }
    }

    public int observed() {
        return observed;
    }

    /** Feeds frame (C, 64, 64) of values in [0, 1]. */
    public void observe(float[] frame) {
        check();
        SvgConfig c = model.config();
        int size = c.channels() * SvgConfig.IMAGE_WIDTH * SvgConfig.IMAGE_WIDTH;
        if (frame.length != size) {
            throw new IllegalArgumentException("SVG session: a frame of " + frame.length + " values; the model takes ("
                    + c.channels() + ", 64, 64) = " + size);
        }
        for (int i = 0; i < frame.length; i++) {
            if (!Float.isFinite(frame[i])) {
                throw new IllegalArgumentException("SVG session: frame " + observed + " holds a non-finite value ("
                        + frame[i] + ") at index " + i);
            }
        }
        List<Tensor> before = new ArrayList<>(owned);
        owned.clear();
        try (Grad.Mode off = Grad.off(); Scope scope = backend.scope()) {
            Var x = Var.constant(backend.fromFloats(Shape.of(1, c.channels(), SvgConfig.IMAGE_WIDTH,
                    SvgConfig.IMAGE_WIDTH), frame));
            for (int k = 0; k < states.length; k++) {
                SvgRollout.State next = observed == 0 ? SvgRollout.start(x) : rollout.observe(states[k], x, noise[k]);
                states[k] = persist(next);
            }
        }
        before.forEach(Tensor::close);
        observed++;
    }

    /** (K, F, C, 64, 64) after the observed frames; needs at least the model's minimum context. */
    public float[] predict(int future) {
        check();
        SvgConfig c = model.config();
        if (observed < c.skip().minimumPast()) {
            throw new IllegalArgumentException("SVG session: " + observed + " frames observed; predicting needs at "
                    + "least " + c.skip().minimumPast() + " (skip mode " + c.skip().id() + ")");
        }
        if (future < 1) {
            throw new IllegalArgumentException("SVG session: future " + future + " must be ≥ 1");
        }
        int frame = c.channels() * SvgConfig.IMAGE_WIDTH * SvgConfig.IMAGE_WIDTH;
        float[] out = new float[states.length * future * frame];
        try (Grad.Mode off = Grad.off()) {
            for (int k = 0; k < states.length; k++) {
                try (Scope scope = backend.scope()) {
                    SvgRollout.State s = states[k];
                    for (int f = 0; f < future; f++) {
                        SvgRollout.Generated g = rollout.generate(s, observed, noise[k]);
                        s = g.state();
                        System.arraycopy(g.frame().value().toFloatArray(), 0, out, (k * future + f) * frame, frame);
                    }
                }
            }
        }
        return out;
    }

    /** Copies every tensor of {@code s} into session-owned memory that outlives the current scope. */
    private SvgRollout.State persist(SvgRollout.State s) {
        return new SvgRollout.State(persist(s.predictor()), persist(s.posterior()), persist(s.prior()),
                s.skips() == null ? null : s.skips().stream().map(this::persist).toList(), persist(s.last()),
                s.step(), s.noise());
    }

    private List<LstmState> persist(List<LstmState> states) {
        return states == null ? null : states.stream().map(l -> new LstmState(persist(l.h()), persist(l.c()))).toList();
    }

    private Var persist(Var v) {
        Tensor t = backend.unscoped(backend.copyOf(v.value()));
        owned.add(t);
        return Var.constant(t);
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("SVG session: already closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            owned.forEach(Tensor::close);
            owned.clear();
        }
    }
}
