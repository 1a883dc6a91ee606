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
import java.util.function.LongFunction;

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
        return predict(context, future, samples, k -> new SvgNoise(seed, k), latent, stats);
    }

    /**
     * As {@link #predict(Tensor, int, int, long, Latent, BatchStats)} for a batch of independent clips: row b draws
     * its noise from {@code seeds[b]} alone, so it gets exactly the samples a batch of that one clip with that seed
     * would get from the same kernels. With running BatchNorm statistics no row sees another, so a clip's frames do
     * not depend on its neighbours or its position in the batch (only, in the last bits, on the batch's size).
     */
    public HostTensor predict(Tensor context, int future, int samples, long[] seeds, Latent latent, BatchStats stats) {
        if (seeds.length != context.dim(0)) {
            throw new IllegalArgumentException("SVG predict: " + seeds.length + " seeds for a batch of "
                    + context.dim(0) + " clips");
        }
        return predict(context, future, samples, k -> new SvgNoise(seeds, k), latent, stats);
    }

    private HostTensor predict(Tensor context, int future, int samples, LongFunction<SvgNoise> noise,
                               Latent latent, BatchStats stats) {
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
                    List<Tensor> frames = rollout(context, future, noise.apply(k), latent);
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

    /** The learned prior's μ and log σ², each (B, steps, z). */
    public record PriorStats(HostTensor mu, HostTensor logvar) {
    }

    /** A rollout with the learned prior's statistics at every step: see {@link #predictWithPrior}. */
    public record PriorRollout(HostTensor frames, PriorStats prior) {
    }

    /**
     * The learned prior on ground-truth frames (B, T, C, 64, 64): for t = 1 … T−1 (index t − 1) the μ and log σ² of
     * p_ψ(z_t | x_0 … x_{t−1}), the values a rollout computes while it observes these frames as context. Only the
     * encoder and the prior run. SVG-LP only; the model is left in evaluation mode.
     */
    public PriorStats priorOnFrames(Tensor frames, BatchStats stats) {
        requirePrior("priorOnFrames");
        SvgInputs.checkSequence(config, frames, "priorOnFrames", 2);
        prepareForGeneration(stats);
        int batch = frames.dim(0), steps = frames.dim(1) - 1;
        float[] mu = new float[batch * steps * config.zDim()], logvar = new float[mu.length];
        try (Grad.Mode off = Grad.off(); Scope outer = backend.scope()) {
            Var all = Var.constant(frames);
            List<LstmState> sr = null;
            for (int i = 1; i <= steps; i++) {
                try (Scope st = backend.scope()) {
                    GaussianLstm.Step p = prior.step(encoder.encode(F.select(all, 1, i - 1)).h(), sr);
                    copyPrior(p, i - 1, steps, mu, logvar);
                    List<LstmState> next = new ArrayList<>();
                    for (LstmState s : p.state()) {
                        next.add(new LstmState(carry(st, s.h()), carry(st, s.c())));
                    }
                    if (sr != null) {
                        sr.forEach(s -> closeAll(List.of(s.h(), s.c())));
                    }
                    sr = next;
                }
            }
        }
        return priorStats(batch, steps, mu, logvar);
    }

    /**
     * Sample {@code sample} of {@link #predict}{@code (context, future, samples, seed, latent, stats)} — the same
     * frames, (B, F, C, 64, 64), by the same {@link SvgRollout} steps — with the learned prior's μ and log σ² (B,
     * P+F−1, z) at every step i = 1 … P+F−1: the prior of z for frame i given frames 0 … i−1, which are the ground
     * truth during the context ({@link #priorOnFrames}) and the generated frames after it. Each step runs in its own
     * scope (the state is carried out as copies), so memory stays flat over long rollouts. SVG-LP only.
     */
    public PriorRollout predictWithPrior(Tensor context, int future, long seed, int sample, Latent latent,
                                         BatchStats stats) {
        requirePrior("predictWithPrior");
        SvgInputs.checkSequence(config, context, "predictWithPrior", config.skip().minimumPast());
        if (future < 1 || sample < 0) {
            throw new IllegalArgumentException("SVG predictWithPrior: future " + future + " must be ≥ 1 and sample "
                    + sample + " ≥ 0");
        }
        int batch = context.dim(0), past = context.dim(1), steps = past + future - 1, zd = config.zDim();
        int frame = config.channels() * SvgConfig.IMAGE_WIDTH * SvgConfig.IMAGE_WIDTH;
        float[] out = new float[batch * future * frame], mu = new float[batch * steps * zd];
        float[] logvar = new float[mu.length];
        if (past > 1) {
            PriorStats seen = priorOnFrames(context, stats);
            for (int b = 0; b < batch; b++) {
                System.arraycopy(seen.mu().data(), b * (past - 1) * zd, mu, b * steps * zd, (past - 1) * zd);
                System.arraycopy(seen.logvar().data(), b * (past - 1) * zd, logvar, b * steps * zd, (past - 1) * zd);
            }
        }
        prepareForGeneration(stats);
        SvgNoise noise = new SvgNoise(seed, sample);
        SvgRollout r = new SvgRollout(this, latent);
        try (Grad.Mode off = Grad.off(); Scope outer = backend.scope()) {
            Var ctx = Var.constant(context);
            SvgRollout.State state = SvgRollout.start(F.select(ctx, 1, 0));
            for (int i = 1; i <= steps; i++) {
                try (Scope st = backend.scope()) {
                    SvgRollout.State next;
                    if (i < past) {
                        next = r.observe(state, F.select(ctx, 1, i), noise);
                    } else {
                        SvgRollout.Generated g = r.generate(state, past, noise);
                        next = g.state();
                        float[] v = g.frame().value().toFloatArray();
                        for (int b = 0; b < batch; b++) {
                            System.arraycopy(v, b * frame, out, (b * future + i - past) * frame, frame);
                        }
                        copyPrior(g.prior(), i - 1, steps, mu, logvar);
                    }
                    state = carry(st, state, next);
                }
            }
        }
        int w = SvgConfig.IMAGE_WIDTH;
        return new PriorRollout(new HostTensor(new int[] {batch, future, config.channels(), w, w}, out),
                priorStats(batch, steps, mu, logvar));
    }

    private void requirePrior(String op) {
        if (prior == null) {
            throw new IllegalArgumentException("SVG " + op + ": model " + config.kind().id()
                    + " has no learned prior (svg-lp only)");
        }
    }

    /** Copies a prior step's (B, z) μ and log σ² into step {@code step} of (B, steps, z) arrays. */
    private void copyPrior(GaussianLstm.Step p, int step, int steps, float[] mu, float[] logvar) {
        int zd = config.zDim();
        float[] m = p.mu().value().toFloatArray(), lv = p.logvar().value().toFloatArray();
        for (int b = 0; b < m.length / zd; b++) {
            System.arraycopy(m, b * zd, mu, (b * steps + step) * zd, zd);
            System.arraycopy(lv, b * zd, logvar, (b * steps + step) * zd, zd);
        }
    }

    private PriorStats priorStats(int batch, int steps, float[] mu, float[] logvar) {
        int[] shape = {batch, steps, config.zDim()};
        return new PriorStats(new HostTensor(shape, mu), new HostTensor(shape.clone(), logvar));
    }

    /**
     * {@code next} with every tensor that is new since {@code old} carried out of the step scope {@code st} as a
     * contiguous copy (never a view of a temporary); the carried tensors of {@code old} that {@code next} no longer
     * holds are closed.
     */
    private SvgRollout.State carry(Scope st, SvgRollout.State old, SvgRollout.State next) {
        java.util.Set<Var> had = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        had.addAll(vars(old));
        java.util.function.UnaryOperator<Var> keep = v -> v == null || had.contains(v) ? v : carry(st, v);
        java.util.function.UnaryOperator<List<LstmState>> keepStates = l -> {
            if (l == null) {
                return null;
            }
            List<LstmState> o = new ArrayList<>(l.size());
            for (LstmState s : l) {
                o.add(new LstmState(keep.apply(s.h()), keep.apply(s.c())));
            }
            return o;
        };
        List<Var> skips = null;
        if (next.skips() != null) {
            skips = new ArrayList<>(next.skips().size());
            for (Var v : next.skips()) {
                skips.add(keep.apply(v));
            }
        }
        SvgRollout.State out = new SvgRollout.State(keepStates.apply(next.predictor()),
                keepStates.apply(next.posterior()), keepStates.apply(next.prior()), skips, keep.apply(next.last()),
                next.step(), next.noise());
        java.util.Set<Var> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        kept.addAll(vars(out));
        for (Var v : had) {
            if (!kept.contains(v)) {
                v.value().close();
            }
        }
        return out;
    }

    private static List<Var> vars(SvgRollout.State s) {
        List<Var> out = new ArrayList<>();
        for (List<LstmState> l : java.util.Arrays.asList(s.predictor(), s.posterior(), s.prior())) {
            if (l != null) {
                l.forEach(x -> out.addAll(List.of(x.h(), x.c())));
            }
        }
        if (s.skips() != null) {
            out.addAll(s.skips());
        }
        if (s.last() != null) {
            out.add(s.last());
        }
        return out;
    }

    /** A contiguous copy of v moved out of the step scope {@code st} into the enclosing one. */
    private Var carry(Scope st, Var v) {
        return Var.constant(st.keep(backend.copyOf(v.value())));
    }

    private static void closeAll(List<Var> carried) {
        carried.forEach(v -> v.value().close());
    }
}
