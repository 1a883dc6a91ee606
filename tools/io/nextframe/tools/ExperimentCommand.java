package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.models.lapgan.LapganConfig;
import io.nextframe.models.lapgan.LapganEvaluation;
import io.nextframe.models.lapgan.LapganFiles;
import io.nextframe.models.lapgan.MnistExperiment;
import io.nextframe.models.lapgan.ParzenEstimates;
import io.nextframe.models.videogan.PredictorConfig;
import io.nextframe.models.videogan.Table1Experiment;
import io.nextframe.models.videogan.VideoGanConfig;
import io.nextframe.models.videogan.VideoGanFiles;
import io.nextframe.models.videogan.VideoTable1;
import io.nextframe.models.videogan.WganTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code nextframe experiment WHAT}: the papers' comparison tables, each training its models from scratch at a
 * chosen size and printing the table in the paper's shape.
 * <ul>
 *   <li>{@code lapgan-table}: the LAPGAN thesis's Table 4.1 on the bundled MNIST digits ({@link MnistExperiment}):
 *       a plain GAN and a LAPGAN, single-scale and multi-scale Parzen log-likelihood of TEST digits, σ tuned on
 *       held-out TRAIN digits.</li>
 *   <li>{@code videogan-table}: Table 1 of "(Re)live Photos" on a generated dataset ({@link Table1Experiment}): the
 *       conditional one- and two-stream GANs, LSTM and ConvLSTM predictors (single-step and recursive) and the
 *       autoencoder baselines, MSE of the video predicted from one frame on held-out clips.</li>
 * </ul>
 */
@Command(name = "experiment", description = "Train and compare the papers' variants; print the paper's table.",
        footer = {"", "Examples:",
                "  nextframe experiment lapgan-table --steps 2000 --sequences 1000",
                "  nextframe experiment videogan-table --data mmnist --steps 500 --set size=16 --set frames=8"})
final class ExperimentCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "WHAT", description = "lapgan-table | videogan-table")
    String what;

    @Option(names = "--steps", required = true, description = "training steps of every model")
    int steps;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "config override (the train kind's keys: "
            + "lapgan's, or videogan's plus predictor_width, predictor_hidden, predictor_stages), repeatable")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--batch", description = "training batch (default: 100 lapgan-table, 16 videogan-table)")
    Integer batch;

    @Option(names = "--sequences", description = "held-out points scored: TEST digits / clips (default ${DEFAULT-VALUE})")
    int sequences = 100;

    @Option(names = "--samples", description = "lapgan-table: samples in the Parzen window (default ${DEFAULT-VALUE})")
    int samples = 1000;

    @Option(names = "--per-point", description = "lapgan-table: samples per point and level for the multi-scale "
            + "estimate (default ${DEFAULT-VALUE})")
    int perPoint = 100;

    @Option(names = "--gan-hidden", description = "lapgan-table: hidden width of the plain GAN (default ${DEFAULT-VALUE})")
    int ganHidden = 600;

    @Option(names = "--lr", description = "learning rate (default: 2e-4 lapgan-table; the GANs' 1e-3 and the "
            + "predictors' 1e-3 for videogan-table)")
    Double lr;

    @Option(names = "--data", description = "videogan-table: dataset (default ${DEFAULT-VALUE})")
    String data = "mmnist";

    @Option(names = "--seed", description = "seed (default ${DEFAULT-VALUE})")
    long seed = 1;

    @Option(names = "--backend", description = "backend name or auto (default ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--json", description = "also write the rows as JSON to this file")
    Path json;

    @Override
    public Integer call() throws IOException {
        if (steps < 1 || sequences < 1 || samples < 1 || perPoint < 1 || ganHidden < 1
                || (batch != null && batch < 1) || (lr != null && !(lr > 0))) {
            throw new UsageException("experiment: --steps, --sequences, --samples, --per-point, --gan-hidden and "
                    + "--batch must be ≥ 1 and --lr > 0");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        String table = switch (what.toLowerCase(Locale.ROOT)) {
            case "lapgan-table" -> lapgan(rows);
            case "videogan-table" -> videogan(rows);
            default -> throw new UsageException("experiment: '" + what + "' is not lapgan-table or videogan-table");
        };
        System.out.print(table);
        if (json != null) {
            byte[] text = (JsonOut.write(Map.of("experiment", what, "rows", rows)) + "\n")
                    .getBytes(StandardCharsets.UTF_8);
            io.nextframe.data.AtomicFiles.write(json, o -> o.write(text));
        }
        return 0;
    }

    private String lapgan(List<Map<String, Object>> rows) throws IOException {
        LapganConfig config;
        String resampler;
        try {
            Map<String, String> meta = new LinkedHashMap<>(LapganFiles.metadata(LapganConfig.mnist28(),
                    LapganFiles.BLOCK_MEAN_BILINEAR));
            TrainCommand.applyOverrides(meta, overrides, Set.of("format", "format_version", "model", "channels"));
            config = LapganFiles.config(meta);
            resampler = meta.get("resampler");
            LapganFiles.resampler(resampler);
        } catch (IllegalArgumentException e) {
            throw new UsageException("experiment lapgan-table: " + e.getMessage());
        }
        if (config.classes() != 0) {
            throw new UsageException("experiment lapgan-table: Table 4.1 compares unconditional models; drop "
                    + "--set classes");
        }
        int validation = Math.min(sequences, LapganEvaluation.VALIDATION_DIGITS);
        var settings = new MnistExperiment.Settings(steps, batch == null ? 100 : batch, samples, validation,
                sequences, perPoint, ganHidden, lr == null ? 2e-4 : lr, LapganEvaluation.SIGMA_GRID, seed);
        try (Backend b = Backends.open(backend)) {
            MnistExperiment.Result r = MnistExperiment.run(b, config, LapganFiles.resampler(resampler), settings);
            String[] names = {"GAN (Parzen)", "LAPGAN (Parzen)", "LAPGAN (multi-scale Parzen)"};
            ParzenEstimates.Estimate[] e = {r.gan(), r.lapgan(), r.multiScale()};
            for (int i = 0; i < names.length; i++) {
                rows.add(Map.of("model", names[i], "mean", e[i].mean(), "std", e[i].std(), "points", e[i].points()));
            }
            return r.table() + String.format(Locale.ROOT, "nearest training digit to the LAPGAN's samples: L2 "
                    + "distance ≥ %.3f (0 would be a copy)%n", r.minNearestDistance());
        }
    }

    private String videogan(List<Map<String, Object>> rows) throws IOException {
        Map<String, String> sets = new LinkedHashMap<>(overrides);
        VideoGanConfig gan;
        Table1Experiment.Settings settings;
        try {
            int width = Integer.parseInt(sets.getOrDefault("predictor_width", "16").trim());
            int hidden = Integer.parseInt(sets.getOrDefault("predictor_hidden", "256").trim());
            int stages = Integer.parseInt(sets.getOrDefault("predictor_stages", "2").trim());
            float mseWeight = Float.parseFloat(sets.getOrDefault("mse_weight", "10").trim());
            int nCritic = Integer.parseInt(sets.getOrDefault("n_critic", "5").trim());
            for (String k : List.of("predictor_width", "predictor_hidden", "predictor_stages", "mse_weight",
                    "n_critic")) {
                sets.remove(k);
            }
            Map<String, String> meta = new LinkedHashMap<>(VideoGanFiles.metadata(
                    VideoGanFiles.TWO_STREAM_CONDITIONAL, VideoGanConfig.small(1)));
            TrainCommand.applyOverrides(meta, sets, Set.of("format", "format_version", "model"));
            gan = VideoGanFiles.config(meta);
            PredictorConfig predictor = new PredictorConfig(gan.channels(), gan.size(), width, hidden, stages);
            WganTrainer.Settings gp = WganTrainer.Settings.gp();
            WganTrainer.Settings wgan = new WganTrainer.Settings(gp.variant(), lr == null ? gp.lr() : lr, gp.beta1(),
                    gp.beta2(), nCritic, gp.lambda(), gp.clipBound(), gp.maskL1());
            settings = new Table1Experiment.Settings(gan, predictor, steps, batch == null ? 16 : batch, wgan,
                    mseWeight, lr == null ? 1e-3 : lr, sequences, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException("experiment videogan-table: " + e.getMessage());
        }
        ClipSource train = Datasets.open(data, Datasets.Split.TRAIN, seed,
                Map.of("frames", Integer.toString(gan.frames())));
        ClipSource test = Datasets.open(data, Datasets.Split.TEST, 0, Map.of("frames", Integer.toString(gan.frames())));
        if (test.size() < sequences) {
            throw new UsageException("--data " + data + " holds " + test.size() + " test clips, fewer than --sequences "
                    + sequences);
        }
        try (Backend b = Backends.open(backend)) {
            Table1Experiment.Result r = Table1Experiment.run(b, train, test, data, settings);
            for (VideoTable1.Row row : r.rows()) {
                rows.add(Map.of("network", row.network(), "mse", row.mse(), "std", row.std(), "clips", row.clips()));
            }
            return r.table();
        }
    }
}
