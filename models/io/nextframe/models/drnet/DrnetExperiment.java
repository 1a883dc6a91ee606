package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.models.train.LossLog;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The DrNET experiment on the coloured Moving MNIST end to end: train DrNET, train the pose LSTM on it, then measure
 * the scene discriminator's held-out accuracy, the content/pose probes, PSNR/SSIM of predictions (past → future),
 * and write the analogy grid, a long rollout GIF and {@code report.md} into the run directory. Run it twice, with
 * β = sd_weight &gt; 0 and β = 0, for the ablation of CONTRACTS §8.
 *
 * @param drnetSteps steps of the DrNET stage
 * @param lstmSteps  steps of the pose-LSTM stage (0: no LSTM stage, no prediction scores, e.g. for the β = 0
 *                   ablation, which is about disentanglement)
 * @param evalClips  held-out clips for discriminator accuracy and PSNR/SSIM
 * @param probeClips training clips of the probes (held-out: half as many, from MNIST's test digits)
 * @param rollout    frames of the long rollout GIF
 */
public record DrnetExperiment(DrnetLstmConfig config, long drnetSteps, long lstmSteps, int evalClips, int probeClips,
                              int rollout, long seed) {

    /** What the experiment measured; {@code scores} is null without an LSTM stage. */
    public record Report(double drnetStepsPerSecond, double lstmStepsPerSecond, double trainDiscAccuracyLast,
                         double heldOutDiscAccuracy, List<DrnetEvaluation.Probe> probes,
                         DrnetEvaluation.PredictionScores scores,
                         Map<String, DrnetEvaluation.PredictionScores> baselines, double finalRec, double finalSim) {
    }

    public Report run(Backend backend, Path out, PrintStream log) throws IOException {
        DrnetConfig c = config.drnet();
        int frames = Math.max(c.maxStep(), config.nPast() + config.nFuture());
        ClipSource train = Datasets.open("drnet-mmnist", Datasets.Split.TRAIN, seed,
                Map.of("frames", Integer.toString(frames)));
        ClipSource test = Datasets.open("drnet-mmnist", Datasets.Split.TEST, seed,
                Map.of("frames", Integer.toString(frames)));
        Files.createDirectories(out);
        try (DrnetRun.Result d = DrnetRun.train(backend, c, train, drnetSteps, 200, out.resolve("drnet"), seed,
                true, log)) {
            DrnetFiles.save(d.model(), out.resolve("drnet.safetensors"));
            List<LossLog.Row> rows = d.run().rows();
            int tail = Math.max(1, Math.min(50, rows.size()));
            double trainAcc = 0, rec = 0, sim = 0;
            for (LossLog.Row r : rows.subList(rows.size() - tail, rows.size())) {
                trainAcc += r.extras().get(4) / tail;
                rec += r.extras().get(1) / tail;
                sim += r.extras().get(0) / tail;
            }
            double heldOut = DrnetEvaluation.discriminatorAccuracy(d.model(), test, evalClips,
                    Math.min(c.batchSize(), evalClips), seed);
            log.printf(Locale.ROOT, "drnet: train disc acc (last %d) %.3f, held-out %.3f%n", tail, trainAcc, heldOut);
            List<DrnetEvaluation.Probe> probes = DrnetEvaluation.contentPoseProbes(d.model(), probeClips,
                    probeClips / 2, frames, seed + 100);
            DrnetEvaluation.analogyGrid(d.model(), List.of(test.clip(0), test.clip(1), test.clip(2), test.clip(3)),
                    test.clip(4).frames(0, Math.min(10, frames)), out.resolve("analogy.png"));
            if (lstmSteps == 0) {
                Report report = new Report(d.run().stepsPerSecond(), 0, trainAcc, heldOut, probes, null, Map.of(),
                        rec, sim);
                Files.writeString(out.resolve("report.md"), markdown(report), StandardCharsets.UTF_8);
                return report;
            }
            try (DrnetLstmRun.Result l = DrnetLstmRun.train(backend, config, d.model(), train, lstmSteps, 200,
                    out.resolve("lstm"), seed, true, log)) {
                DrnetFiles.save(l.model(), out.resolve("drnet-lstm.safetensors"));
                DrnetPredictor p = new DrnetPredictor(l.model());
                DrnetEvaluation.PredictionScores scores = DrnetEvaluation.predictionScores(p, test, evalClips,
                        config.nPast(), config.nFuture());
                DrnetEvaluation.rolloutGif(p, test.clip(0), config.nPast(), rollout, out.resolve("rollout.gif"));
                Report report = new Report(d.run().stepsPerSecond(), l.run().stepsPerSecond(), trainAcc, heldOut,
                        probes, scores, DrnetEvaluation.baselines(test, evalClips, config.nPast(), config.nFuture()),
                        rec, sim);
                Files.writeString(out.resolve("report.md"), markdown(report), StandardCharsets.UTF_8);
                return report;
            }
        }
    }

    /** The report as Markdown (the shape of docs/MODELS.md's DrNET tables). */
    public String markdown(Report r) {
        DrnetConfig c = config.drnet();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "config: %s/%s nf %d content %d pose %d β %s α %s %s normalize %s "
                        + "batch %d max_step %d; DrNET %d steps (%.2f steps/s), LSTM %d×%d %d steps "
                        + "(%.2f steps/s)%n%n",
                c.contentModel(), c.poseModel(), c.nf(), c.contentDim(), c.poseDim(), c.sdWeight(), c.alpha(),
                c.sdCriterion(), c.normalize(), c.batchSize(), c.maxStep(), drnetSteps, r.drnetStepsPerSecond(),
                config.rnnLayers(), config.rnnSize(), lstmSteps, r.lstmStepsPerSecond()));
        sb.append(String.format(Locale.ROOT, "final rec %.5f, sim %.5f; scene discriminator accuracy: training "
                + "(last steps) %.3f, held-out %.3f%n%n", r.finalRec(), r.finalSim(), r.trainDiscAccuracyLast(),
                r.heldOutDiscAccuracy()));
        sb.append("| code | target | nearest centroid | logistic | chance |\n|---|---|---|---|---|\n");
        for (DrnetEvaluation.Probe p : r.probes()) {
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.2f |%n", p.code(), p.target(),
                    p.nearestCentroid(), p.logistic(), p.chance()));
        }
        if (r.scores() == null) {
            return sb.append("\nno pose-LSTM stage, no prediction scores\n").toString();
        }
        sb.append(String.format(Locale.ROOT, "%nprediction %d → %d on %d held-out clips: mean PSNR (all channels) "
                + "%.2f dB, per-channel PSNR %.2f dB, mean SSIM %.3f%n", config.nPast(), config.nFuture(),
                r.scores().clips(), r.scores().meanPsnrWhole(), r.scores().meanPsnr(), r.scores().meanSsim()));
        List<String> psnr = new ArrayList<>(), ssim = new ArrayList<>();
        for (int f = 0; f < r.scores().psnr().length; f++) {
            psnr.add(String.format(Locale.ROOT, "%.2f", r.scores().psnr()[f]));
            ssim.add(String.format(Locale.ROOT, "%.3f", r.scores().ssim()[f]));
        }
        sb.append("PSNR (per channel) per step: ").append(String.join(" ", psnr)).append('\n');
        sb.append("SSIM per step: ").append(String.join(" ", ssim)).append('\n');
        r.baselines().forEach((name, s) -> sb.append(String.format(Locale.ROOT, "baseline %s: PSNR (all channels) "
                + "%.2f dB, per-channel PSNR %.2f dB, SSIM %.3f%n", name, s.meanPsnrWhole(), s.meanPsnr(),
                s.meanSsim())));
        return sb.toString();
    }
}
