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
@Command(name = "sample", description = "Draw samples from a generator (LAPGAN, video GANs) to .png, .gif or .npy.",
        footer = {"", "Examples:", "  nextframe sample --model lapgan-mnist --samples 40 --out digits.png",
                "  nextframe sample --model my-videogan.safetensors --samples 4 --out videos.gif",
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
}
