package io.nextframe.tools;

import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.data.media.GifWriter;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code nextframe dataset NAME --out F}: writes clips of a generated dataset as .npy (N, T, C, H, W) or one .gif. */
@Command(name = "dataset", description = "Write clips of a built-in dataset to a .npy (N,T,C,H,W) or .gif file.",
        footer = {"", "Examples:",
                "  nextframe dataset smmnist --split test --count 100 --frames 30 --out smmnist-test.npy",
                "  nextframe dataset mmnist --count 1 --out clip.gif"})
final class DatasetCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "dataset name (docs/DATA.md)")
    String name;

    @Option(names = "--split", description = "train | test (default ${DEFAULT-VALUE})")
    String split = "test";

    @Option(names = "--count", description = "clips (default ${DEFAULT-VALUE}); a .gif takes one")
    long count = 1;

    @Option(names = "--frames", description = "frames per clip (default: the dataset's)")
    Integer frames;

    @Option(names = "--seed", description = "generator seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--out", required = true, description = ".npy or .gif")
    Path out;

    @Option(names = "--overwrite", description = "replace an existing file")
    boolean overwrite;

    @Option(names = "--json", description = "print a JSON summary")
    boolean json;

    @Override
    public Integer call() throws IOException {
        Datasets.Split s = switch (split.toLowerCase(Locale.ROOT)) {
            case "train" -> Datasets.Split.TRAIN;
            case "test" -> Datasets.Split.TEST;
            default -> throw new UsageException("--split '" + split + "': expected train or test");
        };
        String ext = out.getFileName().toString().toLowerCase(Locale.ROOT);
        if (!ext.endsWith(".npy") && !ext.endsWith(".gif")) {
            throw new UsageException("--out " + out + ": expected a .npy or .gif file");
        }
        if (count < 1 || (ext.endsWith(".gif") && count != 1)) {
            throw new UsageException("--count " + count + ": must be ≥ 1 (exactly 1 for a .gif)");
        }
        if (Files.exists(out) && !overwrite) {
            throw new UsageException("output " + out + " exists; pass --overwrite to replace it");
        }
        Map<String, String> options = new LinkedHashMap<>();
        if (frames != null) {
            options.put("frames", Integer.toString(frames));
        }
        ClipSource src = Datasets.open(name, s, seed, options);
        if (count > src.size()) {
            throw new UsageException("--count " + count + ": the dataset holds " + src.size() + " clips");
        }
        if (ext.endsWith(".gif")) {
            GifWriter.write(out, src.clip(0), 150);
        } else {
            Npy.writeClips(out, src, count, NpyType.FLOAT32);
        }
        if (json) {
            System.out.println(JsonOut.write(java.util.Map.of("dataset", name, "split", split, "out", out.toString(),
                    "clips", count, "clip_shape", new int[] {src.frames(), src.channels(), src.height(), src.width()})));
            return 0;
        }
        System.out.printf(Locale.ROOT, "wrote %d clip%s of %s (%d × %d × %d × %d) to %s%n", count,
                count == 1 ? "" : "s", name, src.frames(), src.channels(), src.height(), src.width(), out);
        return 0;
    }
}
