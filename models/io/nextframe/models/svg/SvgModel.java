package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.io.HostTensor;
import io.nextframe.layers.BatchNorm;
import io.nextframe.layers.Module;
import io.nextframe.layers.Rng;
import io.nextframe.layers.losses.Losses;

import java.util.ArrayList;
import java.util.List;

/**
 * SVG-LP, SVG-FP and the deterministic baseline (Denton &amp; Fergus 2018) as the authors' code builds them, with
 * their state-dict prefixes {@code encoder.}, {@code decoder.}, {@code frame_predictor.}, {@code posterior.} (LP,
 * FP) and {@code prior.} (LP only).
 */
public final class SvgModel extends Module {
    private final SvgConfig config;
    private final SvgEncoder encoder;
    private final SvgDecoder decoder;
    private final SvgLstm predictor;
    private final GaussianLstm posterior;
    private final GaussianLstm prior;

    /** Fresh weights drawn from {@code seed} (the authors' initialisation). */
    public SvgModel(Backend b, SvgConfig c, long seed) {
        super(b);
        this.config = c;
        Rng rng = new Rng(seed);
        boolean dcgan = c.backbone().equals("dcgan");
        encoder = child("encoder", dcgan ? new DcganEncoder(b, c.gDim(), c.channels(), c.nf(), rng)
                : new VggEncoder(b, c.gDim(), c.channels(), c.nf(), rng));
        decoder = child("decoder", dcgan ? new DcganDecoder(b, c.gDim(), c.channels(), c.nf(), rng)
                : new VggDecoder(b, c.gDim(), c.channels(), c.nf(), rng));
        predictor = child("frame_predictor", new SvgLstm(b, c.predictorInput(), c.gDim(), c.rnnSize(),
                c.predictorRnnLayers(), rng));
        posterior = c.kind().stochastic() ? child("posterior", new GaussianLstm(b, c.gDim(), c.zDim(), c.rnnSize(),
                c.posteriorRnnLayers(), rng)) : null;
        prior = c.kind() == SvgKind.LP ? child("prior", new GaussianLstm(b, c.gDim(), c.zDim(), c.rnnSize(),
                c.priorRnnLayers(), rng)) : null;
        SvgInit.apply(this, rng);
    }

    public SvgConfig config() {
        return config;
    }

    /** The top-level modules by prefix (one optimiser each, as the authors' script). */
    public List<Module> modules() {
        return new ArrayList<>(children().values());
    }

    /** Training losses summed over the steps: loss = mse + β·kld. */
    public record Loss(Var loss, Var mse, Var kld) {
    }

    /**
     * The reference training objective on frames (B, T, C, 64, 64) with teacher forcing: for i = 1 … T−1 encode
     * frame i−1 (skips refreshed per the skip mode), z from the posterior of frame i, decode the predictor's output;
     * mse (mean over B·C·H·W) and KL (summed, / B) summed over steps. The graph is live: call backward on loss.
     */
    public Loss loss(Tensor frames, SvgNoise noise) {
        SvgInputs.checkSequence(config, frames, "train", config.nPast() + 1);
        Var all = Var.constant(frames);
        int steps = frames.dim(1);
        List<LstmState> sp = null, sq = null, sr = null;
        List<Var> skip = null;
        Var mse = null, kld = null;
        for (int i = 1; i < steps; i++) {
            SvgEncoder.Encoded e = encoder.encode(F.select(all, 1, i - 1));
            if (skip == null || config.skip().refresh(i, config.nPast())) {
                skip = e.skips();
            }
            Var in = e.h();
            Var target = F.select(all, 1, i);
            if (config.kind().stochastic()) {
                GaussianLstm.Step q = posterior.step(encoder.encode(target).h(), sq);
                sq = q.state();
                Var z = sample(q.mu(), q.logvar(), noise);
                Var kl;
                if (prior != null) {
                    GaussianLstm.Step p = prior.step(e.h(), sr);
                    sr = p.state();
                    kl = Losses.klGaussian(q.mu(), q.logvar(), p.mu(), p.logvar());
                } else {
                    kl = Losses.klStandardNormal(q.mu(), q.logvar());
                }
                kld = kld == null ? kl : F.add(kld, kl);
                in = F.concat(List.of(e.h(), z), 1);
            }
            SvgLstm.Step g = predictor.step(in, sp);
            sp = g.state();
            Var m = Losses.mse(decoder.decode(g.out(), skip), target);
            mse = mse == null ? m : F.add(mse, m);
        }
        if (kld == null) {
            return new Loss(mse, mse, null);
        }
        return new Loss(F.add(mse, F.scale(kld, (float) config.beta())), mse, kld);
    }

    private static Var sample(Var mu, Var logvar, SvgNoise noise) {
        Tensor eps = noise.next(mu.backend(), mu.dim(0), mu.dim(1));
        return F.add(mu, F.mul(F.exp(F.scale(logvar, 0.5f)), Var.constant(eps)));
    }

    /** How z is chosen at generation. */
    public enum Latent {
        /** Draws: posterior during the context, then the prior (N(0, I) for FP). */
        SAMPLE,
        /** Means: posterior mean during the context, prior mean (0 for FP) afterwards; the output is deterministic. */
        MEAN
    }

    /** BatchNorm statistics at generation. */
    public enum BatchStats {
        /** The running statistics (PyTorch's eval mode). */
        RUNNING,
        /** Each batch's own statistics, as the authors' generation script (which never calls eval()). */
        BATCH
    }

    /**
     * K rollouts of {@code future} frames after the context (B, P, C, 64, 64): (K, B, F, C, 64, 64). Sample k draws
     * its noise from the Philox stream k of {@code seed}, so a seed gives the same samples on every backend.
     * The model is left in evaluation mode.
     */
    public HostTensor predict(Tensor context, int future, int samples, long seed, Latent latent, BatchStats stats) {
        SvgInputs.checkSequence(config, context, "predict", config.skip().minimumPast());
        if (future < 1 || samples < 1) {
            throw new IllegalArgumentException("SVG predict: future " + future + " and samples " + samples
                    + " must be ≥ 1");
        }
        eval();
        for (Module m : namedModules().values()) {
            if (m instanceof BatchNorm bn) {
                bn.useBatchStatisticsInEval(stats == BatchStats.BATCH);
            }
        }
        int b = context.dim(0), c = context.dim(2), hw = SvgConfig.IMAGE_WIDTH * SvgConfig.IMAGE_WIDTH;
        int frame = c * hw;
        float[] out = new float[samples * b * future * frame];
        try (Grad.Mode off = Grad.off()) {
            for (int k = 0; k < samples; k++) {
                try (Scope s = backend.scope()) {
                    List<Tensor> frames = rollout(context, future, new SvgNoise(seed, k), latent);
                    for (int f = 0; f < future; f++) {
                        float[] v = frames.get(f).toFloatArray();
                        for (int i = 0; i < b; i++) {
                            System.arraycopy(v, i * frame, out, ((k * b + i) * future + f) * frame, frame);
                        }
                    }
                }
            }
        }
        return new HostTensor(new int[] {samples, b, future, c, SvgConfig.IMAGE_WIDTH, SvgConfig.IMAGE_WIDTH}, out);
    }

    private List<Tensor> rollout(Tensor context, int future, SvgNoise noise, Latent latent) {
        Var ctx = Var.constant(context);
        int past = context.dim(1), batch = context.dim(0);
        List<LstmState> sp = null, sq = null, sr = null;
        List<Var> skip = null;
        List<Tensor> generated = new ArrayList<>(future);
        Var xIn = F.select(ctx, 1, 0);
        for (int i = 1; i < past + future; i++) {
            SvgEncoder.Encoded e = encoder.encode(xIn);
            if (skip == null || config.skip().refresh(i, past)) {
                skip = e.skips();
            }
            Var in = e.h();
            if (i < past) {
                Var truth = F.select(ctx, 1, i);
                if (config.kind().stochastic()) {
                    GaussianLstm.Step q = posterior.step(encoder.encode(truth).h(), sq);
                    sq = q.state();
                    if (prior != null) {
                        sr = prior.step(e.h(), sr).state();
                    }
                    Var z = latent == Latent.MEAN ? q.mu() : sample(q.mu(), q.logvar(), noise);
                    in = F.concat(List.of(e.h(), z), 1);
                }
                sp = predictor.step(in, sp).state();
                xIn = truth;
            } else {
                if (config.kind().stochastic()) {
                    Var z;
                    if (prior != null) {
                        GaussianLstm.Step p = prior.step(e.h(), sr);
                        sr = p.state();
                        z = latent == Latent.MEAN ? p.mu() : sample(p.mu(), p.logvar(), noise);
                    } else {
                        z = latent == Latent.MEAN ? Var.constant(backend.zeros(Shape.of(batch, config.zDim())))
                                : Var.constant(noise.next(backend, batch, config.zDim()));
                    }
                    in = F.concat(List.of(e.h(), z), 1);
                }
                SvgLstm.Step g = predictor.step(in, sp);
                sp = g.state();
                xIn = decoder.decode(g.out(), skip);
                generated.add(xIn.value());
            }
        }
        return generated;
    }

    /** A rollout with the learned prior's statistics: see {@link #predictWithPrior}. */
    public record PriorRollout(HostTensor frames, HostTensor mu, HostTensor logvar) {
    }

    /**
     * Sample {@code sample} of {@link #predict}{@code (context, future, samples, seed, latent, stats)} — the same
     * frames, (B, F, C, 64, 64) — together with the learned prior's μ and log σ², each (B, P+F−1, z), at every
     * step i = 1 … P+F−1: the prior of z for frame i given frames 0 … i−1, which are the ground truth during the
     * context and the generated frames after it (for a prior on ground truth only, pass the whole clip as context
     * and {@code future} 1). SVG-LP only. This mirrors {@code rollout} step for step so that predict stays untouched;
     * a test checks that the frames equal predict's bit for bit. The model is left in evaluation mode.
     */
    public PriorRollout predictWithPrior(Tensor context, int future, long seed, int sample, Latent latent,
                                         BatchStats stats) {
        if (prior == null) {
            throw new IllegalArgumentException("SVG predictWithPrior: model " + config.kind().id()
                    + " has no learned prior (svg-lp only)");
        }
        SvgInputs.checkSequence(config, context, "predictWithPrior", config.skip().minimumPast());
        if (future < 1 || sample < 0) {
            throw new IllegalArgumentException("SVG predictWithPrior: future " + future + " must be ≥ 1 and sample "
                    + sample + " ≥ 0");
        }
        eval();
        for (Module m : namedModules().values()) {
            if (m instanceof BatchNorm bn) {
                bn.useBatchStatisticsInEval(stats == BatchStats.BATCH);
            }
        }
        int batch = context.dim(0), past = context.dim(1), steps = past + future - 1, zd = config.zDim();
        int frame = config.channels() * SvgConfig.IMAGE_WIDTH * SvgConfig.IMAGE_WIDTH;
        float[] out = new float[batch * future * frame], mus = new float[batch * steps * zd];
        float[] logvars = new float[mus.length];
        SvgNoise noise = new SvgNoise(seed, sample);
        // one scope per step keeps memory flat over long rollouts: what the next step needs is carried out of it as
        // contiguous copies (never views of the step's temporaries) and closed once replaced
        try (Grad.Mode off = Grad.off(); Scope outer = backend.scope()) {
            Var ctx = Var.constant(context);
            List<LstmState> sp = null, sq = null, sr = null;
            List<Var> skip = null;
            Var xIn = null;
            for (int i = 1; i <= steps; i++) {
                try (Scope st = backend.scope()) {
                    SvgEncoder.Encoded e = encoder.encode(xIn == null ? F.select(ctx, 1, 0) : xIn);
                    if (skip == null || config.skip().refresh(i, past)) {
                        closeAll(skip);
                        skip = new ArrayList<>();
                        for (Var v : e.skips()) {
                            skip.add(carry(st, v));
                        }
                    }
                    GaussianLstm.Step p = prior.step(e.h(), sr);
                    Var z, next;
                    if (i < past) {
                        next = F.select(ctx, 1, i);
                        GaussianLstm.Step q = posterior.step(encoder.encode(next).h(), sq);
                        sq = carry(st, q.state(), sq);
                        z = latent == Latent.MEAN ? q.mu() : sample(q.mu(), q.logvar(), noise);
                    } else {
                        z = latent == Latent.MEAN ? p.mu() : sample(p.mu(), p.logvar(), noise);
                        next = null;
                    }
                    sr = carry(st, p.state(), sr);
                    SvgLstm.Step g = predictor.step(F.concat(List.of(e.h(), z), 1), sp);
                    sp = carry(st, g.state(), sp);
                    if (next == null) {
                        next = decoder.decode(g.out(), skip);
                        float[] v = next.value().toFloatArray();
                        for (int b = 0; b < batch; b++) {
                            System.arraycopy(v, b * frame, out, (b * future + i - past) * frame, frame);
                        }
                    }
                    closeAll(xIn == null ? null : List.of(xIn));
                    xIn = carry(st, next);
                    float[] m = p.mu().value().toFloatArray(), lv = p.logvar().value().toFloatArray();
                    for (int b = 0; b < batch; b++) {
                        System.arraycopy(m, b * zd, mus, (b * steps + i - 1) * zd, zd);
                        System.arraycopy(lv, b * zd, logvars, (b * steps + i - 1) * zd, zd);
                    }
                }
            }
        }
        int w = SvgConfig.IMAGE_WIDTH;
        return new PriorRollout(new HostTensor(new int[] {batch, future, config.channels(), w, w}, out),
                new HostTensor(new int[] {batch, steps, zd}, mus), new HostTensor(new int[] {batch, steps, zd},
                logvars));
    }

    /** A contiguous copy of v moved out of the step scope {@code st} into the enclosing one. */
    private Var carry(Scope st, Var v) {
        return Var.constant(st.keep(backend.copyOf(v.value())));
    }

    /** Carries a recurrent state out of {@code st} and closes the state it replaces. */
    private List<LstmState> carry(Scope st, List<LstmState> state, List<LstmState> replaced) {
        List<LstmState> out = new ArrayList<>(state.size());
        for (LstmState s : state) {
            out.add(new LstmState(carry(st, s.h()), carry(st, s.c())));
        }
        if (replaced != null) {
            for (LstmState s : replaced) {
                closeAll(List.of(s.h(), s.c()));
            }
        }
        return out;
    }

    private static void closeAll(List<Var> carried) {
        if (carried != null) {
            carried.forEach(v -> v.value().close());
        }
    }
}
