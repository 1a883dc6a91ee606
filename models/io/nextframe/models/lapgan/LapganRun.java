package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.mnist.Digits;
import io.nextframe.layers.Rng;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Trains a whole LAPGAN on digits for the command line: every step runs one {@link LevelTrainer} step (Adam) of each
 * pyramid level on the same batch — the levels share nothing, so this equals training them one after another.
 * Batch i takes consecutive digits, wrapping around; a class-conditional model gets the digits' labels.
 */
public final class LapganRun {
    private LapganRun() {
    }

    /** The trained model and the mean losses of the last step over all levels. */
    public record Result(Lapgan model, long steps, double discriminatorLoss, double generatorLoss, double seconds)
            implements AutoCloseable {
        @Override
        public void close() {
            model.close();
        }
    }

    public static Result train(Backend backend, LapganConfig cfg, String resampler, Digits digits, int batch,
                               long steps, double lr, long seed, PrintStream log) {
        if (digits.side() != cfg.side() || cfg.channels() != 1) {
            throw new IllegalArgumentException("LapganRun: digits of side " + digits.side() + " (1 channel) for a "
                    + "model of side " + cfg.side() + " with " + cfg.channels() + " channels");
        }
        if (cfg.classes() != 0 && cfg.classes() != 10) {
            throw new IllegalArgumentException("LapganRun: digits give 10 classes, the config asks for "
                    + cfg.classes() + " (use 0 or 10)");
        }
        if (batch < 1 || batch > digits.size() || steps < 1) {
            throw new IllegalArgumentException("LapganRun: batch " + batch + " must be in 1 … " + digits.size()
                    + " and steps " + steps + " ≥ 1");
        }
        Lapgan model = new Lapgan(backend, cfg, LapganFiles.resampler(resampler), new Rng(seed));
        List<LevelTrainer> trainers = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int level = 0; level <= cfg.levels(); level++) {
                trainers.add(new LevelTrainer(model, level, LevelTrainer.Method.ADAM, lr, seed + level));
            }
            double d = 0, g = 0;
            long every = Math.max(1, steps / 20);
            for (long i = 0; i < steps; i++) {
                d = 0;
                g = 0;
                try (Scope step = backend.scope()) {
                    int[] labels = cfg.classes() > 0 ? new int[batch] : null;
                    Var images = batch(backend, digits, i, batch, labels);
                    for (LevelTrainer t : trainers) {
                        LevelTrainer.StepLosses l = t.step(images, labels);
                        d += l.discriminator() / trainers.size();
                        g += l.generator() / trainers.size();
                    }
                }
                if (log != null && ((i + 1) % every == 0 || i + 1 == steps)) {
                    log.printf(Locale.ROOT, "step %d/%d  D %.4f  G %.4f%n", i + 1, steps, d, g);
                }
            }
            return new Result(model, steps, d, g, (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        } finally {
            trainers.forEach(LevelTrainer::close);
        }
    }

    private static Var batch(Backend be, Digits digits, long i, int batch, int[] labels) {
        int side = digits.side();
        int dim = side * side;
        float[] v = new float[batch * dim];
        for (int b = 0; b < batch; b++) {
            int idx = (int) ((i * batch + b) % digits.size());
            System.arraycopy(digits.image(idx), 0, v, b * dim, dim);
            if (labels != null) {
                labels[b] = digits.label(idx);
            }
        }
        return Var.constant(be.fromFloats(Shape.of(batch, 1, side, side), v));
    }
}
