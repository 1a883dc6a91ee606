package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.ClipInputs;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyType;
import io.nextframe.models.api.ClipSeeds;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictOptions;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;
import io.nextframe.models.api.VideoGanPredictor;
import io.nextframe.models.svg.SvgModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code nextframe predict}: the next frames of every input clip (CONTRACTS §5). Input and model are checked before
 * any compute; every output file is written under a temporary name and renamed.
 */
@Command(name = "predict", description = "Predict future frames of video clips with a model file or built-in model.",
        footer = {"", "Examples:",
                "  nextframe predict --input clip.gif --out pred.gif                 (svg-lp-smmnist, 5 → 10 frames)",
                "  nextframe predict --model dfn-mmnist --input clips.npy --past 10 --future 10 --out pred.npy",
                "  nextframe predict --model my.safetensors --input frames/ --samples 4 --latent sample --out p.gif",
                "", "Output .npy: (K, F, C, H, W) float32 in [0, 1] for one clip, (N, K, F, C, H, W) for a batch file.",
                "A clip's samples depend only on --seed and its clip id, never on the backend or the batch."})
final class PredictCommand implements Callable<Integer> {

    @Option(names = "--model", description = "model file (.safetensors) or built-in name (default ${DEFAULT-VALUE})")
    String model = "svg-lp-smmnist";

    @Option(names = "--input", required = true, description = ".npy, .gif, a folder of frames, or a folder of clips")
    Path input;

    @Option(names = "--out", required = true, description = ".npy or .gif for one input; a directory for many")
    Path out;

    @Option(names = "--past", description = "context frames (default: the model's training context)")
    Integer past;

    @Option(names = "--future", description = "frames to predict (default: the model's training horizon)")
    Integer future;

    @Option(names = "--position", description = "videogan-2s-cond: the photo's frame index in the generated clip "
            + "(default: the middle frame, T/2, where training put it)")
    Integer position;

    @Option(names = "--samples", description = "samples per clip (default ${DEFAULT-VALUE})")
    int samples = 1;

    @Option(names = "--latent", description = "sample | mean (default ${DEFAULT-VALUE}); mean is deterministic")
    String latent = "sample";

    @Option(names = "--seed", description = "run seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--backend", description = "backend name or auto (default ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--format", description = "for a directory --out: npy | gif | both (default ${DEFAULT-VALUE})")
    String format = "npy";

    @Option(names = "--layout", description = ".npy axis letters, e.g. TNHW or THWC (default: by rank)")
    String layout;

    @Option(names = "--convert", description = "convert RGB ↔ grey to the model's channels")
    boolean convert;

    @Option(names = "--resize", description = "resize frames to the model's size")
    boolean resize;

    @Option(names = "--bn", description = "SVG BatchNorm at generation: running | batch (default ${DEFAULT-VALUE})")
    String bn = "running";

    @Option(names = "--overwrite", description = "replace existing output files")
    boolean overwrite;

    @Option(names = "--json", description = "print a JSON summary instead of progress lines")
    boolean json;

    @Option(names = {"-q", "--quiet"}, description = "print nothing but errors")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        Latent mode = Choices.latent(latent);
        SvgModel.BatchStats stats = Choices.batchStats(bn);
        if (!List.of("npy", "gif", "both").contains(format)) {
            throw new UsageException("--format '" + format + "': expected npy, gif or both");
        }
        if (samples < 1) {
            throw new UsageException("--samples " + samples + " must be ≥ 1");
        }
        Path modelFile = Predictors.resolve(model);
        try (Backend b = Backends.open(backend);
             Predictor p = Predictors.load(modelFile, b, new Predictors.OpenOptions(stats))) {
            if (position != null) {
                if (!(p instanceof VideoGanPredictor v)) {
                    throw new UsageException("--position applies to a photo-conditioned video GAN "
                            + "(videogan-2s-cond), not to model '" + p.kind() + "'");
                }
                try {
                    v.setPhotoPosition(position);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
            }
            int pp = past == null ? p.trainedPast() : past;
            int ff = future == null ? p.trainedFuture() : future;
            new PredictOptions(pp, ff, samples, seed, mode);   // validates before reading any input
            FrameOptions frames = new FrameOptions(p.channels(), convert, p.height(), p.width(), resize);
            ClipInputs.Inputs in = ClipInputs.read(input, layout, frames);
            List<Target> targets = plan(in);
            for (ClipInputs.Group g : in.groups()) {
                for (ClipInputs.InputClip c : g.clips()) {
                    p.check(c.clip(), new PredictOptions(pp, ff, samples, seed, mode));
                }
            }
            List<Map<String, Object>> report = new ArrayList<>();
            long start = System.nanoTime();
            int done = 0;
            for (Target t : targets) {
                ClipInputs.Group g = t.group();
                int n = g.clips().size();
                int per = samples * ff * p.channels() * p.height() * p.width();
                float[] all = new float[n * per];
                for (int i = 0; i < n; i++) {
                    ClipInputs.InputClip c = g.clips().get(i);
                    long clipSeed = ClipSeeds.of(seed, c.id());
                    float[] y = p.predict(c.clip(), new PredictOptions(pp, ff, samples, clipSeed, mode));
                    System.arraycopy(y, 0, all, i * per, per);
                    done++;
                    if (!quiet && !json) {
                        double el = (System.nanoTime() - start) / 1e9;
                        System.err.printf(Locale.ROOT, "[%d/%d] %s  %.2f s elapsed, %.2f clips/s, eta %.0f s%n", done,
                                in.clipCount(), c.id(), el, done / el, el / done * (in.clipCount() - done));
                    }
                }
                int[] shape = g.batch() ? new int[] {n, samples, ff, p.channels(), p.height(), p.width()}
                        : new int[] {samples, ff, p.channels(), p.height(), p.width()};
                if (t.npy() != null) {
                    Npy.write(t.npy(), shape, all, NpyType.FLOAT32);
                }
                if (t.gif() != null) {
                    PredictionGif.write(t.gif(), g.clips().stream().map(ClipInputs.InputClip::clip).toList(), all,
                            samples, pp, ff, p.stochastic() ? samples : 1);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", g.id());
                row.put("clips", n);
                row.put("shape", shape);
                row.put("npy", t.npy() == null ? null : t.npy().toString());
                row.put("gif", t.gif() == null ? null : t.gif().toString());
                report.add(row);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (json) {
                Map<String, Object> top = new LinkedHashMap<>();
                top.put("model", p.kind());
                top.put("model_file", modelFile.toString());
                top.put("backend", b.name());
                top.put("past", pp);
                top.put("future", ff);
                top.put("samples", samples);
                top.put("latent", mode.name().toLowerCase(Locale.ROOT));
                top.put("seed", seed);
                top.put("seconds", seconds);
                top.put("outputs", report);
                System.out.println(JsonOut.write(top));
            } else if (!quiet) {
                System.out.printf(Locale.ROOT, "predicted %d clip%s (%s, %d → %d frames, %d sample%s) in %.2f s on %s%n",
                        in.clipCount(), in.clipCount() == 1 ? "" : "s", p.kind(), pp, ff, samples,
                        samples == 1 ? "" : "s", seconds, b.name());
            }
        }
        return 0;
    }

    private record Target(ClipInputs.Group group, Path npy, Path gif) {
    }

    /** Decides every output path and refuses existing ones before any compute. */
    private List<Target> plan(ClipInputs.Inputs in) throws IOException {
        List<Target> targets = new ArrayList<>();
        if (in.single()) {
            String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
            boolean npy = name.endsWith(".npy");
            boolean gif = name.endsWith(".gif");
            if (!npy && !gif) {
                throw new UsageException("--out " + out + ": for one input give a .npy or .gif file");
            }
            targets.add(new Target(in.groups().getFirst(), npy ? out : null, gif ? out : null));
        } else {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new UsageException("--out " + out + ": many inputs need a directory, and this is a file");
            }
            Files.createDirectories(out);
            for (ClipInputs.Group g : in.groups()) {
                String base = g.id().replace("/", "__");
                targets.add(new Target(g, format.equals("gif") ? null : out.resolve(base + ".npy"),
                        format.equals("npy") ? null : out.resolve(base + ".gif")));
            }
        }
        for (Target t : targets) {
            for (Path p : new Path[] {t.npy(), t.gif()}) {
                if (p != null && Files.exists(p) && !overwrite) {
                    throw new UsageException("output " + p + " exists; pass --overwrite to replace it");
                }
                if (p != null && p.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(p.toAbsolutePath().getParent());
                }
            }
        }
        return targets;
    }
}
