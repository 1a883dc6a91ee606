package io.nextframe.models.svg.analysis;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.io.HostTensor;
import io.nextframe.data.Clip;
import io.nextframe.data.mmnist.StochasticMovingMnist;
import io.nextframe.data.mmnist.Trajectory;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The learned prior's σ_ψ over time (Denton's thesis, Fig. 6.4): many SM-MNIST clips that share one motion (clip
 * {@code motionIndex}'s trajectory) but carry different digits, so that all of them hit the walls at the same frames.
 * For each clip, σ_t = mean over the z dimensions of exp(½·log σ²) of p_ψ(z_t | x_{0…t−1}); then mean and 95%
 * interval over the clips per frame t = 1 … P+T−1. Two traces:
 * <ul>
 *   <li>generated: the model's rollout (ground truth for the P context frames, its own frames after): what the brief
 *       of the thesis plots. After the first bounce the rollouts draw their own new velocities, so later ground-truth
 *       collisions no longer line up with the model's;</li>
 *   <li>teacher-forced: the prior fed the ground-truth clip at every step, so every ground-truth collision is one the
 *       prior sees.</li>
 * </ul>
 * The summaries that can fail: the mean σ over frames within ±{@code window} of a collision divided by the mean σ
 * over the other frames (the thesis predicts a ratio above 1), and the {@link Peaks} test (σ peaks at collisions).
 */
public final class PriorSigma {
    private PriorSigma() {
    }

    /**
     * @param dataset     an SM-MNIST dataset name (the model's training data: smmnist for two digits)
     * @param dataSeed    the dataset seed (the test split is used)
     * @param motionIndex the clip whose motion every clip follows
     * @param clips       clips (digit sets 0 … clips−1)
     * @param steps       generated frames T after the P = n_past context frames
     * @param batch       clips per model call
     * @param seed        the seed of the model's z draws
     * @param window      frames either side of a collision that count as "at a collision"
     */
    public record Options(String dataset, long dataSeed, long motionIndex, int clips, int steps, int batch, long seed,
                          SvgModel.Latent latent, SvgModel.BatchStats stats, int window) {
        public Options {
            if (clips < 2 || steps < 1 || batch < 1 || window < 0) {
                throw new IllegalArgumentException("PriorSigma.Options: clips " + clips + " ≥ 2, steps " + steps
                        + " ≥ 1, batch " + batch + " ≥ 1 and window " + window + " ≥ 0 expected");
            }
        }

        /** 100 clips, 50 generated steps, motion of test clip 0 of smmnist (seed 1), sampled z, running BN stats. */
        public static Options defaults() {
            return new Options("smmnist", 1, 0, 100, 50, 25, 1, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING,
                    1);
        }

        public Options withSizes(int c, int t, int b) {
            return new Options(dataset, dataSeed, motionIndex, c, t, b, seed, latent, stats, window);
        }

        public Options withData(String name, long s, long motion) {
            return new Options(name, s, motion, clips, steps, batch, seed, latent, stats, window);
        }
    }

    /** σ at collision frames over σ elsewhere: over all frames 1 … P+T−1, and over the generated frames P … only. */
    public record Ratio(double all, double afterContext) {
    }

    /**
     * A second test that can fail, insensitive to the slow trends of σ: of the {@code collisions} collision frames c
     * whose neighbourhood c ± {@value #PEAK_RADIUS} lies within the generated frames, how many have the largest σ of
     * that neighbourhood within ±1 of c. A curve unrelated to collisions scores about 3/7.
     */
    public record Peaks(int collisions, int peaked) {
        public double fraction() {
            return collisions == 0 ? Double.NaN : (double) peaked / collisions;
        }
    }

    static final int PEAK_RADIUS = 3;

    /**
     * @param past       the context length P
     * @param collisions the frames (1 … P+T−1) at which some digit of the shared motion bounced
     * @param generated  σ per frame t = 1 … P+T−1 (index t − 1) of the model's rollouts
     * @param teacherForced σ per frame of the prior fed the ground truth
     * @param generatedPeaks      the peak test on the generated trace
     * @param teacherForcedPeaks  the peak test on the teacher-forced trace
     */
    public record Result(Options options, int past, int[] collisions, StepStats generated, StepStats teacherForced,
                         Ratio generatedRatio, Ratio teacherForcedRatio, Peaks generatedPeaks,
                         Peaks teacherForcedPeaks) {
        /** Frames t = 1 … P+T−1 of the traces. */
        public int frames() {
            return generated.mean().length;
        }
    }

    public static Result run(SvgModel model, Options o) throws IOException {
        if (model.config().kind() != SvgKind.LP) {
            throw new IllegalArgumentException("PriorSigma: model " + model.config().kind().id()
                    + " has no learned prior (svg-lp only)");
        }
        int past = model.config().nPast(), total = past + o.steps(), frames = total - 1;
        StochasticMovingMnist src = Sources.smmnist(o.dataset(), o.dataSeed(), total);
        Trajectory motion = src.trajectory(o.motionIndex());
        boolean[] hit = Collisions.frames(motion);
        double[][] gen = new double[o.clips()][], tf = new double[o.clips()][];
        Backend be = model.backend();
        for (int start = 0, call = 0; start < o.clips(); start += o.batch(), call++) {
            int n = Math.min(o.batch(), o.clips() - start);
            List<Clip> clips = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                clips.add(src.synchronised(o.motionIndex(), start + j));
            }
            try (Scope s = be.scope()) {
                SvgModel.PriorRollout g = model.predictWithPrior(Sources.batch(be, clips, past), o.steps(), o.seed(),
                        call, o.latent(), o.stats());
                SvgModel.PriorStats f = model.priorOnFrames(Sources.batch(be, clips, total), o.stats());
                sigmas(g.prior().logvar(), frames, gen, start);
                sigmas(f.logvar(), frames, tf, start);
            }
        }
        List<Integer> at = new ArrayList<>();
        for (int t = 1; t < total; t++) {
            if (hit[t]) {
                at.add(t);
            }
        }
        int[] collisions = at.stream().mapToInt(Integer::intValue).toArray();
        StepStats g = StepStats.of(gen), f = StepStats.of(tf);
        return new Result(o, past, collisions, g, f, ratio(g.mean(), hit, o.window(), past),
                ratio(f.mean(), hit, o.window(), past), peaks(g.mean(), collisions, past),
                peaks(f.mean(), collisions, past));
    }

    /** Per clip of the batch, σ per step: the mean over z of exp(½·logvar) at steps 1 … frames. */
    private static void sigmas(HostTensor logvar, int frames, double[][] into, int first) {
        int batch = logvar.shape()[0], steps = logvar.shape()[1], z = logvar.shape()[2];
        float[] lv = logvar.data();
        for (int b = 0; b < batch; b++) {
            double[] row = new double[frames];
            for (int t = 0; t < frames; t++) {
                double s = 0;
                for (int k = 0; k < z; k++) {
                    s += Math.exp(0.5 * lv[(b * steps + t) * z + k]);
                }
                row[t] = s / z;
            }
            into[first + b] = row;
        }
    }

    /** The {@link Peaks} test on σ per frame 1 … n (index t − 1), over collisions with c − 3 ≥ past and c + 3 ≤ n. */
    static Peaks peaks(double[] sigma, int[] collisions, int past) {
        int n = 0, peaked = 0;
        for (int c : collisions) {
            if (c - PEAK_RADIUS < past || c + PEAK_RADIUS > sigma.length) {
                continue;
            }
            int best = c - PEAK_RADIUS;
            for (int t = c - PEAK_RADIUS; t <= c + PEAK_RADIUS; t++) {
                if (sigma[t - 1] > sigma[best - 1]) {
                    best = t;
                }
            }
            n++;
            peaked += Math.abs(best - c) <= 1 ? 1 : 0;
        }
        return new Peaks(n, peaked);
    }

    /** Mean σ within ±window of a collision over mean σ at the other frames; NaN when either set is empty. */
    static Ratio ratio(double[] sigma, boolean[] hit, int window, int past) {
        return new Ratio(ratioFrom(sigma, hit, window, 1), ratioFrom(sigma, hit, window, past));
    }

    private static double ratioFrom(double[] sigma, boolean[] hit, int window, int from) {
        double near = 0, far = 0;
        int nNear = 0, nFar = 0;
        for (int t = from; t <= sigma.length; t++) {
            boolean close = false;
            for (int d = -window; d <= window; d++) {
                int u = t + d;
                close |= u >= 1 && u < hit.length && hit[u];
            }
            if (close) {
                near += sigma[t - 1];
                nNear++;
            } else {
                far += sigma[t - 1];
                nFar++;
            }
        }
        return nNear == 0 || nFar == 0 ? Double.NaN : (near / nNear) / (far / nFar);
    }

    /**
     * Writes prior-sigma.json, prior-sigma.csv and prior-sigma.png into {@code dir}; {@code label} (e.g. the
     * checkpoint and its step) goes into the JSON and the plot title.
     */
    public static void write(Result r, String label, Path dir) throws IOException {
        int n = r.frames();
        double[] x = new double[n];
        int[] frames = new int[n];
        for (int t = 0; t < n; t++) {
            x[t] = t + 1;
            frames[t] = t + 1;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("analysis", "prior_sigma");
        json.put("label", label);
        json.put("dataset", r.options().dataset());
        json.put("data_seed", r.options().dataSeed());
        json.put("motion_index", r.options().motionIndex());
        json.put("clips", r.options().clips());
        json.put("context_frames", r.past());
        json.put("generated_frames", r.options().steps());
        json.put("latent", r.options().latent().name().toLowerCase(Locale.ROOT));
        json.put("batch_stats", r.options().stats().name().toLowerCase(Locale.ROOT));
        json.put("seed", r.options().seed());
        json.put("sigma", "mean over z of exp(0.5*logvar) of the prior for frame t, then mean over clips, ci95 "
                + "= mean +- 1.96 s/sqrt(n)");
        json.put("frames", frames);
        json.put("collision_frames", r.collisions());
        json.put("generated", stats(r.generated()));
        json.put("teacher_forced", stats(r.teacherForced()));
        json.put("window", r.options().window());
        json.put("ratio_generated", ratio(r.generatedRatio()));
        json.put("ratio_teacher_forced", ratio(r.teacherForcedRatio()));
        json.put("peak_test", "collisions c with c-3 >= context frames and c+3 <= last frame whose sigma over c-3..c+3 "
                + "peaks within c-1..c+1 (about 3/7 by chance)");
        json.put("peaks_generated", peaks(r.generatedPeaks()));
        json.put("peaks_teacher_forced", peaks(r.teacherForcedPeaks()));
        Json.write(dir.resolve("prior-sigma.json"), json);

        StringBuilder csv = new StringBuilder("frame,collision,generated_mean,generated_lo,generated_hi,"
                + "teacher_forced_mean,teacher_forced_lo,teacher_forced_hi\n");
        java.util.Set<Integer> hits = new java.util.HashSet<>();
        for (int c : r.collisions()) {
            hits.add(c);
        }
        for (int t = 0; t < n; t++) {
            csv.append(t + 1).append(',').append(hits.contains(t + 1) ? 1 : 0);
            for (StepStats s : List.of(r.generated(), r.teacherForced())) {
                csv.append(',').append(s.mean()[t]).append(',').append(s.low()[t]).append(',').append(s.high()[t]);
            }
            csv.append('\n');
        }
        Json.writeText(dir.resolve("prior-sigma.csv"), csv.toString());

        List<Double> marks = new ArrayList<>();
        for (int c : r.collisions()) {
            marks.add((double) c);
        }
        new Panels().panel("learned prior σ_ψ, " + r.options().clips() + " synchronised clips"
                        + (label.isEmpty() ? "" : " (" + label + ")"),
                        "frame t (context 0–" + (r.past() - 1) + ")", "σ_ψ (mean over z)")
                .line("generated", x, r.generated().mean(), r.generated().halfWidth())
                .line("teacher-forced", x, r.teacherForced().mean(), r.teacherForced().halfWidth())
                .markers("collision", marks)
                .write(dir.resolve("prior-sigma.png"));
    }

    private static Map<String, Object> stats(StepStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("mean", s.mean());
        m.put("ci95_low", s.low());
        m.put("ci95_high", s.high());
        return m;
    }

    private static Map<String, Object> peaks(Peaks p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("collisions", p.collisions());
        m.put("peaked", p.peaked());
        m.put("fraction", p.fraction());
        return m;
    }

    private static Map<String, Object> ratio(Ratio r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("all_frames", r.all());
        m.put("generated_frames_only", r.afterContext());
        return m;
    }
}
