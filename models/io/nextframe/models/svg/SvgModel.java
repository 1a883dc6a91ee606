package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
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

    static Var sample(Var mu, Var logvar, SvgNoise noise) {
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
        prepareForGeneration(stats);
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
        int past = context.dim(1);
        SvgRollout r = new SvgRollout(this, latent);
        SvgRollout.State state = SvgRollout.start(F.select(ctx, 1, 0));
        for (int i = 1; i < past; i++) {
            state = r.observe(state, F.select(ctx, 1, i), noise);
        }
        List<Tensor> generated = new ArrayList<>(future);
        for (int f = 0; f < future; f++) {
            SvgRollout.Generated g = r.generate(state, past, noise);
            state = g.state();
            generated.add(g.frame().value());
        }
        return generated;
    }

    /**
     * Evaluation mode with the chosen BatchNorm statistics. Idempotent, and synchronized so that sessions opened
     * from several threads over one model agree (they all set the same flags before any forward pass).
     */
    synchronized void prepareForGeneration(BatchStats stats) {
        eval();
        for (Module m : namedModules().values()) {
            if (m instanceof BatchNorm bn) {
                bn.useBatchStatisticsInEval(stats == BatchStats.BATCH);
            }
        }
    }

    SvgEncoder encoder() {
        return encoder;
    }

    SvgDecoder decoder() {
        return decoder;
    }

    SvgLstm predictor() {
        return predictor;
    }

    GaussianLstm posterior() {
        return posterior;
    }

    GaussianLstm prior() {
        return prior;
    }
}
