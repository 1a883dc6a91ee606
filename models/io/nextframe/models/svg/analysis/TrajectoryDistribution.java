package io.nextframe.models.svg.analysis;

import io.nextframe.data.Clip;
import io.nextframe.data.mmnist.StochasticMovingMnist;
import io.nextframe.data.mmnist.Trajectory;
import io.nextframe.models.svg.SvgModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The trajectory-distribution test (Denton's thesis, §6): on single-digit SM-MNIST, condition on the P context frames
 * of a clip, draw many continuations, track the digit in every generated frame by cross-correlation with the digit
 * cut from the first context frame ({@link DigitTracker}), and histogram the per-step displacement (Δx, Δy)
 * ({@link DisplacementHistogram}). The reference is the generator's own continuations of the same state
 * ({@link StochasticMovingMnist#continueFrom}): up to and including its first wall collision the displacement is
 * a delta (the motion is deterministic until a bounce draws a new velocity), after it the histogram spreads.
 *
 * <p>Per clip and step s = 1 … T (frame P−1+s): total variation TV(truth, model) and D_KL(truth ‖ model) (ε =
 * {@value DisplacementHistogram#KL_EPSILON} per model bin), and, as the noise floor of a finite sample, TV between the
 * reference and as many independent ground-truth continuations as the model drew. Steps are also aligned on each
 * clip's first collision (offset s − s_c), where the thesis's "delta before, spread after" shows.
 */
public final class TrajectoryDistribution {
    private TrajectoryDistribution() {
    }

    /**
     * @param dataset      a single-digit SM-MNIST dataset (smmnist-1)
     * @param clips        conditioning clips (test clips 0 … clips−1)
     * @param samples      continuations drawn from the model per clip
     * @param steps        generated frames T
     * @param truthSamples ground-truth continuations per clip for the reference histograms
     * @param batch        rows per model call
     * @param seed         the seed of the model's z draws
     */
    public record Options(String dataset, long dataSeed, int clips, int samples, int steps, int truthSamples,
                          int batch, long seed, SvgModel.BatchStats stats) {
        public Options {
            if (clips < 1 || samples < 1 || steps < 1 || truthSamples < 1 || batch < 1) {
                throw new IllegalArgumentException("TrajectoryDistribution.Options: clips " + clips + ", samples "
                        + samples + ", steps " + steps + ", truthSamples " + truthSamples + " and batch " + batch
                        + " must be ≥ 1");
            }
        }

        /** smmnist-1 (seed 1), 20 clips × 50 samples × 30 steps, 1000 ground-truth continuations per clip. */
        public static Options defaults() {
            return new Options("smmnist-1", 1, 20, 50, 30, 1000, 25, 1, SvgModel.BatchStats.RUNNING);
        }

        public Options withSizes(int c, int k, int t, int truth) {
            return new Options(dataset, dataSeed, c, k, t, truth, batch, seed, stats);
        }
    }

    /**
     * One conditioning clip. Arrays are per step s = 1 … T (index s − 1).
     *
     * @param firstCollision the step s_c of the first ground-truth bounce after the context, −1 if none within T
     * @param truthMarginals [axis 0 = Δx, 1 = Δy][step][bin −R … R] counts of the reference
     * @param modelMarginals the same for the model
     */
    public record ClipResult(long clip, int firstCollision, double[] tv, double[] tvFloor, double[] kl,
                             double[] truthPeak, double[] modelPeak, int[] truthSupport, int[] modelSupport,
                             long[][][] truthMarginals, long[][][] modelMarginals) {
    }

    /**
     * Means over clips (index s − 1, or offset − minOffset for the aligned ones).
     *
     * @param offsets        the aligned offsets s − s_c, over clips that collide within T
     * @param truthDeltaBefore fraction of (clip, step ≤ s_c) pairs where the reference is a delta (1 expected)
     * @param truthPeakAfter mean peak mass of the reference at steps after s_c (below 1: spread)
     */
    public record Result(Options options, int past, List<ClipResult> clips, StepStats tv, StepStats tvFloor,
                         StepStats kl, int[] offsets, StepStats alignedTv, StepStats alignedFloor,
                         StepStats alignedTruthPeak, StepStats alignedModelPeak, double truthDeltaBefore,
                         double truthPeakAfter, double tvBefore, double tvAfter, double floorBefore,
                         double floorAfter) {
    }

    /** Runs the test on a model (any SVG kind). */
    public static Result run(SvgModel model, Options o) throws IOException {
        return run(Continuations.model(model, o.seed(), o.batch(), o.stats()), model.config().nPast(), o);
    }

    /** Runs the test on any source of continuations with a context of {@code past} frames. */
    public static Result run(Continuations source, int past, Options o) throws IOException {
        int total = past + o.steps();
        StochasticMovingMnist src = Sources.smmnist(o.dataset(), o.dataSeed(), total);
        if (src.config().numDigits() != 1) {
            throw new IllegalArgumentException("TrajectoryDistribution: dataset '" + o.dataset() + "' has "
                    + src.config().numDigits() + " digits; the tracker follows one (use smmnist-1)");
        }
        List<ClipResult> results = new ArrayList<>();
        for (long c = 0; c < o.clips(); c++) {
            results.add(clip(source, src, c, past, o));
        }
        return summarise(o, past, results);
    }

    private static ClipResult clip(Continuations source, StochasticMovingMnist src, long index, int past, Options o) {
        int steps = o.steps(), canvas = src.config().canvas();
        Trajectory truth = src.trajectory(index);
        Clip clip = src.render(truth);
        Clip context = clip.frames(0, past);
        int side = src.digitSide();
        DigitTracker tracker = new DigitTracker(DigitTracker.cut(clip, 0, truth.top(0, 0), truth.left(0, 0), side),
                side, canvas);
        // the reference, and an independent ground-truth sample of the model's size (the floor of finite samples)
        List<Trajectory> reference = Continuations.truth(src, index, truth, past, steps, 0, o.truthSamples());
        List<Trajectory> floor = Continuations.truth(src, index, truth, past, steps, o.truthSamples(), o.samples());
        DisplacementHistogram[] ref = histograms(reference, past, steps);
        DisplacementHistogram[] flo = histograms(floor, past, steps);
        float[] frames = source.sample(index, context, truth, o.samples(), steps);
        int size = canvas * canvas;
        if (frames.length != o.samples() * steps * size) {
            throw new IllegalStateException("TrajectoryDistribution: the source returned " + frames.length
                    + " values, expected " + o.samples() + "·" + steps + "·" + size);
        }
        DisplacementHistogram[] mod = newHistograms(steps);
        for (int k = 0; k < o.samples(); k++) {
            int y = truth.top(past - 1, 0), x = truth.left(past - 1, 0);
            for (int s = 0; s < steps; s++) {
                int[] at = tracker.locate(frames, (k * steps + s) * size);
                mod[s].add(at[1] - x, at[0] - y);
                y = at[0];
                x = at[1];
            }
        }
        int hit = Collisions.firstFrom(reference.getFirst(), 0, past);
        int firstCollision = hit < 0 ? -1 : hit - past + 1;
        double[] tv = new double[steps], tvFloor = new double[steps], kl = new double[steps];
        double[] truthPeak = new double[steps], modelPeak = new double[steps];
        int[] truthSupport = new int[steps], modelSupport = new int[steps];
        long[][][] tm = new long[2][steps][], mm = new long[2][steps][];
        for (int s = 0; s < steps; s++) {
            tv[s] = DisplacementHistogram.totalVariation(ref[s], mod[s]);
            tvFloor[s] = DisplacementHistogram.totalVariation(ref[s], flo[s]);
            kl[s] = DisplacementHistogram.kl(ref[s], mod[s]);
            truthPeak[s] = ref[s].peakMass();
            modelPeak[s] = mod[s].peakMass();
            truthSupport[s] = ref[s].support();
            modelSupport[s] = mod[s].support();
            for (int a = 0; a < 2; a++) {
                tm[a][s] = ref[s].marginal(a);
                mm[a][s] = mod[s].marginal(a);
            }
        }
        return new ClipResult(index, firstCollision, tv, tvFloor, kl, truthPeak, modelPeak, truthSupport,
                modelSupport, tm, mm);
    }

    /** Per step s, the displacement from frame P−2+s to P−1+s of each trajectory. */
    private static DisplacementHistogram[] histograms(List<Trajectory> trs, int past, int steps) {
        DisplacementHistogram[] h = newHistograms(steps);
        for (Trajectory tr : trs) {
            for (int s = 0; s < steps; s++) {
                int t = past - 1 + s + 1;
                h[s].add(tr.left(t, 0) - tr.left(t - 1, 0), tr.top(t, 0) - tr.top(t - 1, 0));
            }
        }
        return h;
    }

    private static DisplacementHistogram[] newHistograms(int steps) {
        DisplacementHistogram[] h = new DisplacementHistogram[steps];
        for (int s = 0; s < steps; s++) {
            h[s] = new DisplacementHistogram();
        }
        return h;
    }

    private static Result summarise(Options o, int past, List<ClipResult> clips) {
        int steps = o.steps(), n = clips.size();
        double[][] tv = new double[n][], floor = new double[n][], kl = new double[n][];
        // aligned offsets s − s_c run from 1 − T (collision at the last step) to T − 1 (collision at step 1)
        int span = 2 * steps - 1, min = 1 - steps;
        double[][] aTv = nan(n, span), aFloor = nan(n, span), aTruth = nan(n, span), aModel = nan(n, span);
        int deltas = 0, before = 0, after = 0;
        double peakAfter = 0, tvB = 0, tvA = 0, flB = 0, flA = 0;
        for (int i = 0; i < n; i++) {
            ClipResult c = clips.get(i);
            tv[i] = c.tv();
            floor[i] = c.tvFloor();
            kl[i] = c.kl();
            if (c.firstCollision() < 0) {
                continue;
            }
            for (int s = 1; s <= steps; s++) {
                int j = s - c.firstCollision() - min;
                aTv[i][j] = c.tv()[s - 1];
                aFloor[i][j] = c.tvFloor()[s - 1];
                aTruth[i][j] = c.truthPeak()[s - 1];
                aModel[i][j] = c.modelPeak()[s - 1];
                if (s <= c.firstCollision()) {
                    before++;
                    deltas += c.truthPeak()[s - 1] == 1.0 ? 1 : 0;
                    tvB += c.tv()[s - 1];
                    flB += c.tvFloor()[s - 1];
                } else {
                    after++;
                    peakAfter += c.truthPeak()[s - 1];
                    tvA += c.tv()[s - 1];
                    flA += c.tvFloor()[s - 1];
                }
            }
        }
        int[] offsets = new int[span];
        for (int j = 0; j < span; j++) {
            offsets[j] = j + min;
        }
        return new Result(o, past, clips, StepStats.of(tv), StepStats.of(floor), StepStats.of(kl), offsets,
                StepStats.of(aTv), StepStats.of(aFloor), StepStats.of(aTruth), StepStats.of(aModel),
                before == 0 ? Double.NaN : (double) deltas / before, after == 0 ? Double.NaN : peakAfter / after,
                before == 0 ? Double.NaN : tvB / before, after == 0 ? Double.NaN : tvA / after,
                before == 0 ? Double.NaN : flB / before, after == 0 ? Double.NaN : flA / after);
    }

    private static double[][] nan(int rows, int cols) {
        double[][] out = new double[rows][cols];
        for (double[] r : out) {
            java.util.Arrays.fill(r, Double.NaN);
        }
        return out;
    }

    /**
     * Writes trajectory-distribution.json and trajectory-distribution.png into {@code dir}: the PNG shows the
     * collision-aligned TV and peak masses, one example clip per step, and that clip's Δx histograms at its
     * collision step and the step after.
     */
    public static void write(Result r, String label, Path dir) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        Options o = r.options();
        json.put("analysis", "trajectory_distribution");
        json.put("label", label);
        json.put("dataset", o.dataset());
        json.put("data_seed", o.dataSeed());
        json.put("clips", o.clips());
        json.put("samples", o.samples());
        json.put("truth_samples", o.truthSamples());
        json.put("context_frames", r.past());
        json.put("steps", o.steps());
        json.put("seed", o.seed());
        json.put("batch_stats", o.stats().name().toLowerCase(Locale.ROOT));
        json.put("histogram", "joint integer (dx, dy) per step, bins -" + DisplacementHistogram.RANGE + ".."
                + DisplacementHistogram.RANGE + " (edges absorb larger moves); step s is frame P-1+s minus frame "
                + "P-2+s");
        json.put("distance", "total variation 0.5*sum|p-q|; kl = KL(truth||model) with epsilon "
                + DisplacementHistogram.KL_EPSILON + " added to each model bin probability, renormalised; "
                + "tv_floor = TV(truth reference, independent truth sample of the model's size)");
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("truth_delta_fraction_up_to_collision", r.truthDeltaBefore());
        summary.put("truth_peak_mass_after_collision", r.truthPeakAfter());
        summary.put("tv_up_to_collision", r.tvBefore());
        summary.put("tv_after_collision", r.tvAfter());
        summary.put("tv_floor_up_to_collision", r.floorBefore());
        summary.put("tv_floor_after_collision", r.floorAfter());
        json.put("summary", summary);
        json.put("tv", stats(r.tv()));
        json.put("tv_floor", stats(r.tvFloor()));
        json.put("kl", stats(r.kl()));
        Map<String, Object> aligned = new LinkedHashMap<>();
        aligned.put("offset", r.offsets());
        aligned.put("tv", stats(r.alignedTv()));
        aligned.put("tv_floor", stats(r.alignedFloor()));
        aligned.put("truth_peak_mass", stats(r.alignedTruthPeak()));
        aligned.put("model_peak_mass", stats(r.alignedModelPeak()));
        json.put("aligned_on_first_collision", aligned);
        List<Object> perClip = new ArrayList<>();
        for (ClipResult c : r.clips()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("clip", c.clip());
            m.put("first_collision_step", c.firstCollision());
            m.put("tv", c.tv());
            m.put("tv_floor", c.tvFloor());
            m.put("kl", c.kl());
            m.put("truth_peak_mass", c.truthPeak());
            m.put("model_peak_mass", c.modelPeak());
            m.put("truth_support", c.truthSupport());
            m.put("model_support", c.modelSupport());
            m.put("truth_dx_counts", List.of(c.truthMarginals()[0]));
            m.put("truth_dy_counts", List.of(c.truthMarginals()[1]));
            m.put("model_dx_counts", List.of(c.modelMarginals()[0]));
            m.put("model_dy_counts", List.of(c.modelMarginals()[1]));
            perClip.add(m);
        }
        json.put("per_clip", perClip);
        Json.write(dir.resolve("trajectory-distribution.json"), json);
        plot(r, label, dir.resolve("trajectory-distribution.png"));
    }

    private static void plot(Result r, String label, Path png) throws IOException {
        Panels p = new Panels();
        double[] off = new double[r.offsets().length];
        for (int j = 0; j < off.length; j++) {
            off[j] = r.offsets()[j];
        }
        p.panel("aligned on the first collision" + (label.isEmpty() ? "" : " (" + label + ")"),
                        "step − collision step", "")
                .line("TV(truth, model)", off, r.alignedTv().mean(), r.alignedTv().halfWidth())
                .line("TV floor (truth sample)", off, r.alignedFloor().mean(), r.alignedFloor().halfWidth())
                .line("truth peak mass", off, r.alignedTruthPeak().mean(), null)
                .line("model peak mass", off, r.alignedModelPeak().mean(), null)
                .markers("collision", List.of(0.0));
        ClipResult ex = r.clips().stream().filter(c -> c.firstCollision() > 0).findFirst()
                .orElse(r.clips().getFirst());
        int steps = ex.tv().length;
        double[] s = new double[steps];
        for (int i = 0; i < steps; i++) {
            s[i] = i + 1;
        }
        p.panel("clip " + ex.clip(), "generated step", "")
                .line("TV(truth, model)", s, ex.tv(), null)
                .line("TV floor", s, ex.tvFloor(), null)
                .line("truth peak mass", s, ex.truthPeak(), null)
                .line("model peak mass", s, ex.modelPeak(), null);
        if (ex.firstCollision() > 0) {
            p.markers("first collision", List.of((double) ex.firstCollision()));
            double[] bins = new double[DisplacementHistogram.BINS];
            for (int i = 0; i < bins.length; i++) {
                bins[i] = i - DisplacementHistogram.RANGE;
            }
            p.panel("clip " + ex.clip() + ": Δx at the collision step and after", "Δx (px)", "probability");
            int sc = ex.firstCollision() - 1;
            for (int s0 = sc; s0 <= Math.min(sc + 1, steps - 1); s0++) {
                String when = s0 == sc ? "s_c" : "s_c+1";
                p.line("truth " + when, bins, normalise(ex.truthMarginals()[0][s0]), null);
                p.line("model " + when, bins, normalise(ex.modelMarginals()[0][s0]), null);
            }
        }
        p.write(png);
    }

    private static double[] normalise(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        double[] out = new double[counts.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (double) counts[i] / total;
        }
        return out;
    }

    private static Map<String, Object> stats(StepStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", s.mean());
        m.put("ci95_low", s.low());
        m.put("ci95_high", s.high());
        return m;
    }
}
