package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipInputs;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyType;
import io.nextframe.models.api.ClipBatches;
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

    @Option(names = "--batch", description = "clips predicted together in one pass over the weights (default "
            + "${DEFAULT-VALUE}); a clip's output depends on its seed and this size only, not on the other clips")
    int batch = 1;

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
        Choices.batch(batch, stats);
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
            PredictOptions options = new PredictOptions(pp, ff, samples, seed, mode);
            int per = samples * ff * p.channels() * p.height() * p.width();
            Progress progress = new Progress(in.clipCount(), start);
            // clips go through the model `batch` at a time across outputs; an output is written once its clips are in
            List<Pending> pending = new ArrayList<>();
            for (Target t : targets) {
                Filling f = new Filling(t, new float[t.group().clips().size() * per]);
                for (int i = 0; i < t.group().clips().size(); i++) {
                    pending.add(new Pending(f, i));
                    if (pending.size() == batch) {
                        flush(p, options, per, pending, progress, report);
                    }
                }
            }
            flush(p, options, per, pending, progress, report);
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
                top.put("batch", batch);
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

    /** An output being filled: its predictions (N, K, F, C, H, W) and how many clips are still to come. */
    private static final class Filling {
        final Target target;
        final float[] all;
        int missing;

        Filling(Target target, float[] all) {
            this.target = target;
            this.all = all;
            this.missing = target.group().clips().size();
        }
    }

    /** Clip {@code index} of an output, waiting for its batch. */
    private record Pending(Filling output, int index) {
        ClipInputs.InputClip clip() {
            return output.target.group().clips().get(index);
        }
    }

    /** Clips done, for the progress line. */
    private static final class Progress {
        final int total;
        final long start;
        int done;

        Progress(int total, long start) {
            this.total = total;
            this.start = start;
        }
    }

    /** Predicts the pending clips as one batch, files their results, and writes every output now complete. */
    private void flush(Predictor p, PredictOptions options, int per, List<Pending> pending, Progress progress,
                       List<Map<String, Object>> report) throws IOException {
        if (pending.isEmpty()) {
            return;
        }
        List<Clip> clips = pending.stream().map(x -> x.clip().clip()).toList();
        long[] seeds = pending.stream().mapToLong(x -> ClipSeeds.of(seed, x.clip().id())).toArray();
        List<float[]> ys = ClipBatches.predict(p, clips, options, seeds, batch);
        for (int i = 0; i < pending.size(); i++) {
            Pending x = pending.get(i);
            System.arraycopy(ys.get(i), 0, x.output().all, x.index() * per, per);
            progress.done++;
            if (--x.output().missing == 0) {
                write(p, options, x.output(), report);
            }
        }
        if (!quiet && !json) {
            double el = (System.nanoTime() - progress.start) / 1e9;
            System.err.printf(Locale.ROOT, "[%d/%d] %s  %.2f s elapsed, %.2f clips/s, eta %.0f s%n", progress.done,
                    progress.total, pending.getLast().clip().id(), el, progress.done / el,
                    el / progress.done * (progress.total - progress.done));
        }
        pending.clear();
    }

    private void write(Predictor p, PredictOptions o, Filling f, List<Map<String, Object>> report) throws IOException {
        Target t = f.target;
        ClipInputs.Group g = t.group();
        int n = g.clips().size();
        int[] shape = g.batch() ? new int[] {n, samples, o.future(), p.channels(), p.height(), p.width()}
                : new int[] {samples, o.future(), p.channels(), p.height(), p.width()};
        if (t.npy() != null) {
            Npy.write(t.npy(), shape, f.all, NpyType.FLOAT32);
        }
        if (t.gif() != null) {
            PredictionGif.write(t.gif(), g.clips().stream().map(ClipInputs.InputClip::clip).toList(), f.all,
                    samples, o.past(), o.future(), p.stochastic() ? samples : 1);
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", g.id());
        row.put("clips", n);
        row.put("shape", shape);
        row.put("npy", t.npy() == null ? null : t.npy().toString());
        row.put("gif", t.gif() == null ? null : t.gif().toString());
        report.add(row);
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
