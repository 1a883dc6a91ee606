package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.media.GifWriter;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyType;
import io.nextframe.data.media.PanelGif;
import io.nextframe.data.media.PngGrid;
import io.nextframe.models.api.Sampler;
import io.nextframe.models.api.Samplers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code nextframe sample}: draws from an unconditional or class-conditional generator (CONTRACTS §5). */
@Command(name = "sample", description = "Draw samples from a generator (LAPGAN, video GANs), or next frames of an "
        + "image (crossconv), to .png, .gif or .npy.",
        footer = {"", "Examples:", "  nextframe sample --model lapgan-mnist --samples 40 --out digits.png",
                "  nextframe sample --model my-videogan.safetensors --samples 4 --out videos.gif",
                "  nextframe sample --model runs/crossconv/model.safetensors --input pair.npy --resize --samples 12 "
                        + "--out next.png",
                "", ".npy output: (N, C, H, W) for image models, (N, T, C, H, W) for video models, float32 in [0, 1]."})
final class SampleCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "model file or built-in name")
    String model;

    @Option(names = "--samples", description = "how many (default ${DEFAULT-VALUE})")
    int samples = 16;

    @Option(names = "--seed", description = "seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--labels", split = ",", description = "classes for a conditional model, one per sample")
    int[] labels;

    @Option(names = "--backend", description = "backend name or auto (default ${DEFAULT-VALUE})")
    String backend = "auto";

    @Option(names = "--out", required = true, description = ".png (grid), .gif or .npy")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing --out")
    boolean overwrite;

    @Option(names = "--json", description = "print a JSON summary")
    boolean json;

    @Option(names = "--input", description = "crossconv: the image whose next frame is sampled (.npy, .gif or a "
            + "folder of frames; a second frame, if present, is shown as the true next frame)")
    Path input;

    @Option(names = "--z", description = "crossconv: empirical (the stored training z, the paper's sampling) | prior "
            + "(N(0, I)) | a .npy of z, one sample per row (default: empirical when the file stores z)")
    String zSource;

    @Option(names = "--motion", description = "crossconv: a frame pair whose motion (the encoder's posterior) is "
            + "applied to --input: the zero-shot analogy")
    Path motion;

    @Option(names = "--latent", description = "crossconv: sample | mean (mean: z = 0, or the --motion posterior's "
            + "mean) (default ${DEFAULT-VALUE})")
    String latent = "sample";

    @Option(names = "--resize", description = "crossconv: resize the --input frames to the model's size")
    boolean resize;

    @Override
    public Integer call() throws IOException {
        String name = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!name.endsWith(".png") && !name.endsWith(".gif") && !name.endsWith(".npy")) {
            throw new UsageException("--out " + out + ": expected .png, .gif or .npy");
        }
        if (samples < 1 || samples > 10_000) {
            throw new UsageException("--samples " + samples + " must be in 1 … 10000");
        }
        if (Files.exists(out) && !overwrite) {
            throw new UsageException("output " + out + " exists; pass --overwrite to replace it");
        }
        Path modelFile = io.nextframe.models.api.Predictors.resolve(model);
        if (io.nextframe.models.api.Predictors.kindOf(modelFile).equals("crossconv")) {
            return sampleCrossConv(modelFile, name);
        }
        if (input != null || zSource != null || resize || motion != null || !latent.equals("sample")) {
            throw new UsageException("--input, --z, --motion, --latent and --resize apply to crossconv models "
                    + "(next-frame samples of an image)");
        }
        try (Backend b = Backends.open(backend); Sampler s = Samplers.open(model, b)) {
            if (labels != null) {
                if (s.classes() == 0) {
                    throw new UsageException("--labels: model '" + s.kind() + "' is unconditional");
                }
                if (labels.length != samples) {
                    throw new UsageException("--labels has " + labels.length + " values for --samples " + samples);
                }
                for (int l : labels) {
                    if (l < 0 || l >= s.classes()) {
                        throw new UsageException("--labels: class " + l + " outside 0 … " + (s.classes() - 1));
                    }
                }
            }
            float[] v = s.sample(samples, seed, labels);
            int t = s.frames(), c = s.channels(), h = s.height(), w = s.width();
            int per = t * c * h * w;
            if (name.endsWith(".npy")) {
                int[] shape = t == 1 ? new int[] {samples, c, h, w} : new int[] {samples, t, c, h, w};
                Npy.write(out, shape, v, NpyType.FLOAT32);
            } else if (t == 1) {
                int cols = Math.min(10, samples);
                PngGrid grid = new PngGrid().scale(h <= 32 ? 2 : 1);
                for (int r = 0; r * cols < samples; r++) {
                    int n = Math.min(cols, samples - r * cols);
                    grid.row("", new Clip(n, c, h, w, Arrays.copyOfRange(v, r * cols * per, (r * cols + n) * per)));
                }
                if (name.endsWith(".png")) {
                    grid.write(out);
                } else {
                    GifWriter.write(out, List.of(grid.render()), 100, 0);
                }
            } else if (name.endsWith(".gif")) {
                List<String> cols = new ArrayList<>();
                List<Clip> row = new ArrayList<>();
                for (int i = 0; i < samples; i++) {
                    cols.add("sample " + (i + 1));
                    row.add(new Clip(t, c, h, w, Arrays.copyOfRange(v, i * per, (i + 1) * per)));
                }
                new PanelGif(cols, t).scale(h <= 32 ? 2 : 1).row(row).write(out, 100);
            } else {
                PngGrid grid = new PngGrid();
                for (int i = 0; i < samples; i++) {
                    grid.row("sample " + (i + 1), new Clip(t, c, h, w, Arrays.copyOfRange(v, i * per, (i + 1) * per)));
                }
                grid.write(out);
            }
            if (json) {
                System.out.println(JsonOut.write(java.util.Map.of("model", s.kind(), "out", out.toString(),
                        "shape", t == 1 ? new int[] {samples, c, h, w} : new int[] {samples, t, c, h, w},
                        "seed", seed)));
                return 0;
            }
            System.out.printf(Locale.ROOT, "wrote %d sample%s of %s (%s) to %s%n", samples, samples == 1 ? "" : "s",
                    s.kind(), t == 1 ? c + "×" + h + "×" + w : t + " frames of " + c + "×" + h + "×" + w, out);
        }
        return 0;
    }

    /**
     * Cross Convolutional Network: next frames of the input image, one per z, at the network's output size (half the
     * input): .npy (N, 3, h, w) clamped to [0, 1]; .png a grid (input and true next frame, then the samples); .gif
     * panels alternating the input and each sample. z: {@code --samples} draws of the stored training z or the
     * prior ({@code --z empirical|prior}), the rows of a z file ({@code --z FILE.npy}), or the motion of another
     * pair ({@code --motion PAIR}: the zero-shot analogy A, B → C, D; posterior draws, or its mean with
     * {@code --latent mean}).
     */
    private int sampleCrossConv(Path modelFile, String name) throws IOException {
        if (labels != null) {
            throw new UsageException("--labels: a crossconv model is not class-conditional");
        }
        if (input == null) {
            throw new UsageException("sample: a crossconv model samples the next frame of an image: give --input");
        }
        if (motion != null && zSource != null) {
            throw new UsageException("--motion and --z both choose z: give one");
        }
        io.nextframe.models.api.Latent mode = Choices.latent(latent);
        try (Backend b = Backends.open(backend);
             var p = io.nextframe.models.api.CrossConvPredictor.load(modelFile, b)) {
            int n = p.height();
            var frames = new io.nextframe.data.media.FrameOptions(3, false, n, n, resize);
            Clip clip = oneClip(input, "--input", frames, 1);
            float[] z;
            String zName;
            if (motion != null) {
                Clip pair = oneClip(motion, "--motion", frames, 2);
                z = p.latents(pair, new io.nextframe.models.api.PredictOptions(2, 1, samples, seed, mode));
                zName = "motion of " + motion.getFileName();
            } else if (zSource != null && zSource.toLowerCase(Locale.ROOT).endsWith(".npy")) {
                var f = io.nextframe.data.media.NpyFile.open(Path.of(zSource));
                z = f.readAll();
                try {
                    samples = p.zRows(f.shape(), z, "--z " + zSource);
                } catch (IllegalArgumentException e) {
                    throw new UsageException(e.getMessage());
                }
                zName = "z from " + Path.of(zSource).getFileName();
            } else {
                if (zSource != null) {
                    var src = switch (zSource.toLowerCase(Locale.ROOT)) {
                        case "empirical" -> io.nextframe.models.crossconv.VelocityExperiment.ZSource.EMPIRICAL;
                        case "prior" -> io.nextframe.models.crossconv.VelocityExperiment.ZSource.PRIOR;
                        default -> throw new UsageException("--z '" + zSource + "': expected empirical, prior or a "
                                + ".npy file of z");
                    };
                    try {
                        p.setZSource(src);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                z = p.latents(clip, new io.nextframe.models.api.PredictOptions(1, 1, samples, seed, mode));
                zName = mode == io.nextframe.models.api.Latent.MEAN ? "z = 0"
                        : p.zSource().name().toLowerCase(Locale.ROOT) + " z";
            }
            float[] v = p.rollout(clip.frame(0), z, samples, 1);
            for (int i = 0; i < v.length; i++) {
                v[i] = Math.clamp(v[i], 0f, 1f);
            }
            int m = p.model().net().config().outputSize();
            int per = 3 * m * m;
            int shown = Math.min(clip.frames(), 2);
            float[] context = p.atOutputSize(Arrays.copyOf(clip.data(), shown * 3 * n * n), shown);
            if (name.endsWith(".npy")) {
                Npy.write(out, new int[] {samples, 3, m, m}, v, NpyType.FLOAT32);
            } else if (name.endsWith(".png")) {
                PngGrid grid = new PngGrid().scale(m <= 32 ? 4 : 2);
                grid.row(shown == 2 ? "input, truth" : "input", new Clip(shown, 3, m, m, context));
                int cols = Math.min(10, samples);
                for (int r = 0; r * cols < samples; r++) {
                    int k = Math.min(cols, samples - r * cols);
                    grid.row(r == 0 ? "samples" : "", new Clip(k, 3, m, m,
                            Arrays.copyOfRange(v, r * cols * per, (r * cols + k) * per)));
                }
                grid.write(out);
            } else {
                List<String> cols = new ArrayList<>();
                List<Clip> row = new ArrayList<>();
                float[] first = Arrays.copyOf(context, per);
                if (shown == 2) {
                    cols.add("truth");
                    row.add(new Clip(2, 3, m, m, context));
                }
                for (int i = 0; i < samples; i++) {
                    cols.add("sample " + (i + 1));
                    float[] pair = Arrays.copyOf(first, 2 * per);
                    System.arraycopy(v, i * per, pair, per, per);
                    row.add(new Clip(2, 3, m, m, pair));
                }
                new PanelGif(cols, 1).scale(m <= 32 ? 4 : 2).row(row).write(out, 500);
            }
            if (json) {
                System.out.println(JsonOut.write(java.util.Map.of("model", p.kind(), "out", out.toString(),
                        "shape", new int[] {samples, 3, m, m}, "seed", seed, "z", zName)));
            } else {
                System.out.printf(Locale.ROOT, "wrote %d next-frame sample%s of %s (3×%d×%d, %s) to %s%n", samples,
                        samples == 1 ? "" : "s", input, m, m, zName, out);
            }
        }
        return 0;
    }

    /** The one clip of {@code path} with at least {@code minFrames} frames, or a usage error naming the option. */
    private static Clip oneClip(Path path, String option, io.nextframe.data.media.FrameOptions frames, int minFrames)
            throws IOException {
        var in = io.nextframe.data.ClipInputs.read(path, null, frames);
        if (!in.single() || in.clipCount() != 1) {
            throw new UsageException(option + " " + path + ": expected one image or pair, found " + in.clipCount()
                    + " clips");
        }
        Clip c = in.groups().getFirst().clips().getFirst().clip();
        if (c.frames() < minFrames) {
            throw new UsageException(option + " " + path + ": " + c.frames() + " frame" + (c.frames() == 1 ? "" : "s")
                    + "; expected a pair (two frames) whose motion is encoded");
        }
        return c;
    }
}
