package io.nextframe.models.svg;

import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;

import java.util.List;

/**
 * SVG's generation as pure steps over an immutable {@link State}: {@link #observe} conditions on a ground-truth
 * frame (posterior z during the context), {@link #generate} predicts the next frame (prior z). Batch prediction
 * runs observe P−1 times then generate F times; a streaming session keeps the state between calls and generates
 * from a copy. Step i (1-based) encodes frame i−1, as in the authors' loop, so both give the same frames.
 */
final class SvgRollout {
    private final SvgModel model;
    private final SvgModel.Latent latent;

    SvgRollout(SvgModel model, SvgModel.Latent latent) {
        this.model = model;
        this.latent = latent;
    }

    /**
     * The recurrent state before step {@code step}: the three LSTMs' states (null before their first step), the
     * decoder's skips, the last frame fed in, and the noise counter of this sample's stream.
     */
    record State(List<LstmState> predictor, List<LstmState> posterior, List<LstmState> prior, List<Var> skips,
                 Var last, int step, long noise) {
    }

    /** The state before step 1, given the first frame (B, C, 64, 64). */
    static State start(Var first) {
        return new State(null, null, null, null, first, 1, 0);
    }

    /** Conditions on ground-truth frame {@code truth}, the frame after {@code s.last()}. */
    State observe(State s, Var truth, SvgNoise noise) {
        SvgConfig c = model.config();
        int i = s.step();
        noise.setCounter(s.noise());
        SvgEncoder.Encoded e = model.encoder().encode(s.last());
        List<Var> skips = s.skips() == null || c.skip().refresh(i, i + 1) ? e.skips() : s.skips();
        Var in = e.h();
        List<LstmState> sq = s.posterior(), sr = s.prior();
        if (c.kind().stochastic()) {
            GaussianLstm.Step q = model.posterior().step(model.encoder().encode(truth).h(), sq);
            sq = q.state();
            if (model.prior() != null) {
                sr = model.prior().step(e.h(), sr).state();
            }
            Var z = latent == SvgModel.Latent.MEAN ? q.mu() : SvgModel.sample(q.mu(), q.logvar(), noise);
            in = F.concat(List.of(e.h(), z), 1);
        }
        List<LstmState> sp = model.predictor().step(in, s.predictor()).state();
        return new State(sp, sq, sr, skips, truth, i + 1, noise.counter());
    }

    /** One generated frame and the state after it. */
    record Generated(Var frame, State state, GaussianLstm.Step prior) {
    }

    /** Predicts the frame after {@code s.last()}; {@code past} is the number of ground-truth frames observed. */
    Generated generate(State s, int past, SvgNoise noise) {
        SvgConfig c = model.config();
        int i = s.step();
        noise.setCounter(s.noise());
        SvgEncoder.Encoded e = model.encoder().encode(s.last());
        List<Var> skips = s.skips() == null || c.skip().refresh(i, past) ? e.skips() : s.skips();
        Var in = e.h();
        List<LstmState> sr = s.prior();
        GaussianLstm.Step p = null;
        if (c.kind().stochastic()) {
            Var z;
            int batch = s.last().dim(0);
            if (model.prior() != null) {
                p = model.prior().step(e.h(), sr);
                sr = p.state();
                z = latent == SvgModel.Latent.MEAN ? p.mu() : SvgModel.sample(p.mu(), p.logvar(), noise);
            } else {
                z = latent == SvgModel.Latent.MEAN
                        ? Var.constant(model.backend().zeros(Shape.of(batch, c.zDim())))
                        : Var.constant(noise.next(model.backend(), batch, c.zDim()));
            }
            in = F.concat(List.of(e.h(), z), 1);
        }
        SvgLstm.Step g = model.predictor().step(in, s.predictor());
        Var frame = model.decoder().decode(g.out(), skips);
        return new Generated(frame, new State(g.state(), s.posterior(), sr, skips, frame, i + 1, noise.counter()), p);
    }
}
