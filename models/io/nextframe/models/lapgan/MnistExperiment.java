package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.mnist.Digits;
import io.nextframe.data.mnist.Mnist;
import io.nextframe.layers.Resampler;
import io.nextframe.layers.Rng;
import io.nextframe.layers.optim.Optimizer;

import java.util.Arrays;
import java.util.List;

/**
 * The Table 4.1 experiment on bundled MNIST: train every LAPGAN level and a plain GAN on the TRAIN digits minus a
 * held-out validation tail, tune σ on that tail, score the TEST digits, and check samples against the training set.
 * Sizes are parameters so tests run it in seconds and a long job runs it at 28/32 px.
 */
public final class MnistExperiment {

    /** Run sizes: steps per level (and for the GAN), batch, samples for the single-scale window, validation and
     *  test point counts, samples per point for the multi-scale estimate, the baseline's hidden width. */
    public record Settings(int steps, int batch, int samples, int validation, int test, int perPoint,
                           int ganHidden, double lr, double[] sigmaGrid, long seed) {
    }

    /** The estimates, the table and the smallest sample-to-training distance. */
    public record Result(ParzenEstimates.Estimate gan, ParzenEstimates.Estimate lapgan,
                         ParzenEstimates.Estimate multiScale, String table, double minNearestDistance) {
    }

    private MnistExperiment() {
    }

    static float[] flat(Digits d, int from, int to) {
        int dim = d.side() * d.side();
        float[] out = new float[(to - from) * dim];
        for (int i = from; i < to; i++) {
            System.arraycopy(d.image(i), 0, out, (i - from) * dim, dim);
        }
        return out;
    }

    public static Result run(Backend be, LapganConfig cfg, Resampler resampler, Settings s) {
        if (cfg.channels() != 1 || cfg.classes() != 0) {
            throw new IllegalArgumentException("MnistExperiment: needs an unconditional 1-channel config, got "
                    + cfg);
        }
        Digits train = Mnist.bundled(Mnist.Split.TRAIN).digits(cfg.side());
        Digits test = Mnist.bundled(Mnist.Split.TEST).digits(cfg.side());
        int fitCount = train.size() - s.validation();
        if (fitCount < s.batch() || s.test() > test.size()) {
            throw new IllegalArgumentException("MnistExperiment: " + train.size() + " training digits cannot give "
                    + s.validation() + " for validation and batches of " + s.batch() + ", or " + s.test()
                    + " test points exceed " + test.size());
        }
        int dim = cfg.side() * cfg.side();
        float[] fit = flat(train, 0, fitCount);
        float[] validation = flat(train, fitCount, train.size());
        float[] testPoints = flat(test, 0, s.test());
        try (Lapgan lap = new Lapgan(be, cfg, resampler, new Rng(s.seed()));
             PlainGan gan = new PlainGan(be, 1, cfg.side(), cfg.coarseNoise(), s.ganHidden(), new Rng(s.seed()));
             Scope scope = be.scope()) {
            for (int level = 0; level <= cfg.levels(); level++) {
                try (LevelTrainer t = new LevelTrainer(lap, level, LevelTrainer.Method.ADAM, s.lr(), s.seed() + level)) {
                    for (int i = 0; i < s.steps(); i++) {
                        try (Scope step = be.scope()) {
                            t.step(batch(be, fit, fitCount, i, s.batch(), cfg.side()), null);
                        }
                    }
                }
            }
            Optimizer[] opt = gan.adam(s.lr());
            try {
                for (int i = 0; i < s.steps(); i++) {
                    try (Scope step = be.scope()) {
                        gan.step(batch(be, fit, fitCount, i, s.batch(), cfg.side()), opt[0], opt[1], s.seed(), i);
                    }
                }
            } finally {
                for (Optimizer o : opt) {
                    o.close();
                }
            }
            float[] lapSamples = lap.sample(s.samples(), null, s.seed() + 100).contiguous().toFloatArray();
            float[] ganSamples = gan.sample(s.samples(), s.seed() + 100).contiguous().toFloatArray();
            var eGan = ParzenEstimates.singleScale(ganSamples, validation, testPoints, dim, s.sigmaGrid());
            var eLap = ParzenEstimates.singleScale(lapSamples, validation, testPoints, dim, s.sigmaGrid());
            var eMulti = ParzenEstimates.multiScale(lap, validation, testPoints, s.perPoint(), s.sigmaGrid(),
                    s.seed() + 200);
            String table = ParzenEstimates.table("MNIST " + cfg.side() + " px", List.of("GAN (Parzen)",
                    "LAPGAN (Parzen)", "LAPGAN (multi-scale Parzen)"), List.of(eGan, eLap, eMulti));
            int check = Math.min(s.samples(), 64);
            double min = Arrays.stream(ParzenEstimates.nearestTrainingDistances(
                    Arrays.copyOf(lapSamples, check * dim), fit, dim)).min().orElse(Double.NaN);
            return new Result(eGan, eLap, eMulti, table, min);
        }
    }

    /** Batch i: consecutive digits, wrapping around the fitting set. */
    private static Var batch(Backend be, float[] fit, int count, int i, int batch, int side) {
        int dim = side * side;
        float[] v = new float[batch * dim];
        for (int b = 0; b < batch; b++) {
            int idx = (int) (((long) i * batch + b) % count);
            System.arraycopy(fit, idx * dim, v, b * dim, dim);
        }
        return Var.constant(be.fromFloats(Shape.of(batch, 1, side, side), v));
    }
}
