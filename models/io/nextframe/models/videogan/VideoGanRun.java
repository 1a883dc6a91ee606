package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Resize;
import io.nextframe.layers.Rng;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Trains an unconditional video GAN (WGAN-GP, {@link WganTrainer}) on clips for the command line. A step is one
 * {@link WganTrainer#iteration}: n_critic critic updates, each on a fresh real batch, then one generator update.
 * Real batch j takes clips j·batch … j·batch + batch − 1 (wrapping around the source), resized to the model's
 * size when they differ, mapped from [0, 1] to the generator's [−1, 1] and laid out (B, C, T, H, W).
 */
public final class VideoGanRun {
    private VideoGanRun() {
    }

    /** The trained pair and the last iteration's losses. */
    public record Result(VideoGenerator generator, VideoCritic critic, WganTrainer.Losses3 last, double seconds)
            implements AutoCloseable {
        @Override
        public void close() {
            generator.close();
            critic.close();
        }
    }

    public static Result train(Backend backend, String kind, VideoGanConfig cfg, ClipSource clips, int batch,
                               long steps, WganTrainer.Settings settings, long seed, PrintStream log) {
        if (clips.channels() != cfg.channels() || clips.frames() < cfg.frames()) {
            throw new IllegalArgumentException("VideoGanRun: clips of " + clips.frames() + " frames × "
                    + clips.channels() + " channels for a model of " + cfg.frames() + " frames × " + cfg.channels()
                    + " channels");
        }
        if (batch < 1 || steps < 1) {
            throw new IllegalArgumentException("VideoGanRun: batch " + batch + " and steps " + steps
                    + " must be ≥ 1");
        }
        Rng rng = new Rng(seed);
        VideoGenerator g = VideoGanFiles.newGenerator(backend, kind, cfg, rng);
        VideoCritic d = new VideoCritic(backend, cfg, rng);
        long start = System.nanoTime();
        try (WganTrainer trainer = new WganTrainer(g, d, settings, seed)) {
            long[] next = {0};
            WganTrainer.Losses3 last = null;
            long every = Math.max(1, steps / 20);
            for (long i = 0; i < steps; i++) {
                try (Scope step = backend.scope()) {
                    last = trainer.iteration(() -> realBatch(backend, clips, cfg, next[0]++, batch));
                }
                if (log != null && ((i + 1) % every == 0 || i + 1 == steps)) {
                    log.printf(Locale.ROOT, "step %d/%d  critic %.4f  penalty %.4f  G %.4f%n", i + 1, steps,
                            last.critic(), last.penalty(), last.generator());
                }
            }
            return new Result(g, d, last, (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            g.close();
            d.close();
            throw e;
        }
    }

    /** The trained photo-conditioned model and the last step's losses {critic, generator total, middle-frame MSE}. */
    public record ConditionalResult(ConditionalVideoGan model, double[] last, double seconds)
            implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    /**
     * Trains {@link ConditionalVideoGan} (two streams) with {@link ConditionalTrainer}: a step is n_critic critic
     * updates then one encoder + generator update, each on a fresh real batch whose middle frame is the photo.
     */
    public static ConditionalResult trainConditional(Backend backend, VideoGanConfig cfg, ClipSource clips, int batch,
                                                     long steps, WganTrainer.Settings settings, float mseWeight,
                                                     long seed, PrintStream log) {
        if (clips.channels() != cfg.channels() || clips.frames() < cfg.frames()) {
            throw new IllegalArgumentException("VideoGanRun: clips of " + clips.frames() + " frames × "
                    + clips.channels() + " channels for a model of " + cfg.frames() + " frames × " + cfg.channels()
                    + " channels");
        }
        if (batch < 1 || steps < 1) {
            throw new IllegalArgumentException("VideoGanRun: batch " + batch + " and steps " + steps
                    + " must be ≥ 1");
        }
        ConditionalVideoGan model = new ConditionalVideoGan(backend, cfg, true, new Rng(seed));
        long start = System.nanoTime();
        try (ConditionalTrainer trainer = new ConditionalTrainer(model, settings, mseWeight, seed)) {
            long next = 0;
            double critic = 0;
            double[] g = {0, 0};
            long every = Math.max(1, steps / 20);
            for (long i = 0; i < steps; i++) {
                try (Scope step = backend.scope()) {
                    for (int k = 0; k < settings.nCritic(); k++) {
                        critic = trainer.criticStep(realBatch(backend, clips, cfg, next++, batch));
                    }
                    g = trainer.generatorStep(realBatch(backend, clips, cfg, next++, batch));
                }
                if (log != null && ((i + 1) % every == 0 || i + 1 == steps)) {
                    log.printf(Locale.ROOT, "step %d/%d  critic %.4f  G %.4f  mse %.4f%n", i + 1, steps, critic,
                            g[0], g[1]);
                }
            }
            return new ConditionalResult(model, new double[] {critic, g[0], g[1]},
                    (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private static Var realBatch(Backend be, ClipSource clips, VideoGanConfig cfg, long j, int batch) {
        int c = cfg.channels(), t = cfg.frames(), s = cfg.size(), plane = s * s;
        int per = c * t * plane;
        float[] v = new float[batch * per];
        for (int b = 0; b < batch; b++) {
            Clip clip = clips.clip(Math.floorMod(j * batch + b, clips.size()));
            for (int f = 0; f < t; f++) {
                float[] frame = clip.frame(f);
                if (clip.height() != s || clip.width() != s) {
                    frame = Resize.bilinear(frame, c, clip.height(), clip.width(), s, s);
                }
                for (int ch = 0; ch < c; ch++) {
                    int dst = b * per + (ch * t + f) * plane;
                    for (int p = 0; p < plane; p++) {
                        v[dst + p] = frame[ch * plane + p] * 2f - 1f;
                    }
                }
            }
        }
        return Var.constant(be.fromFloats(Shape.of(batch, c, t, s, s), v));
    }
}
