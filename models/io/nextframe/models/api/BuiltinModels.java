package io.nextframe.models.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The models this project trains and ships (CONTRACTS §5), by name. Their weights are class-path resources
 * {@code /io/nextframe/weights/<name>.safetensors} (F16); a name whose recipe has not produced weights yet is
 * listed but not available. Resources are copied once into the cache folder ({@code $NEXTFRAME_CACHE}, else
 * {@code ~/.cache/nextframe}) under {@code models/}, because model files are read with random access.
 */
public final class BuiltinModels {
    /** One built-in name, the kind it holds and what it was trained on. */
    public record Entry(String name, String kind, String description) {
    }

    private static final List<Entry> ALL = List.of(
            new Entry("svg-lp-smmnist", "svg-lp", "SVG with learned prior, Stochastic Moving MNIST (2 digits)"),
            new Entry("svg-det-smmnist", "svg-det", "deterministic SVG baseline, Stochastic Moving MNIST"),
            new Entry("svg-fp-smmnist", "svg-fp", "SVG with fixed prior, Stochastic Moving MNIST"),
            new Entry("dfn-mmnist", "dfn", "Dynamic Filter Network, Moving MNIST (bouncing digits)"),
            new Entry("dfn-baseline-mmnist", "dfn-baseline", "DFN's 1×1-conv baseline, Moving MNIST"),
            new Entry("drnet-mmnist", "drnet-lstm", "DrNET with its pose LSTM, coloured Moving MNIST"),
            new Entry("crossconv-shapes", "crossconv", "Cross Convolutional Network, Shapes"),
            new Entry("lapgan-mnist", "lapgan", "LAPGAN, MNIST"),
            new Entry("videogan-2s-cond-mmnist", "videogan-2s-cond", "conditional two-stream video GAN, Moving MNIST"),
            new Entry("convlstm-mmnist", "convlstm-predictor", "ConvLSTM frame predictor, Moving MNIST"));

    private BuiltinModels() {
    }

    public static List<Entry> all() {
        return ALL;
    }

    public static Optional<Entry> entry(String name) {
        return ALL.stream().filter(e -> e.name().equals(name)).findFirst();
    }

    private static String resource(String name) {
        return "/io/nextframe/weights/" + name + ".safetensors";
    }

    /** Whether this build ships weights for {@code name}. */
    public static boolean available(String name) {
        return BuiltinModels.class.getResource(resource(name)) != null;
    }

    /** The cache folder for extracted built-in weights. */
    public static Path cacheDir() {
        String env = System.getenv("NEXTFRAME_CACHE");
        Path root = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".cache",
                "nextframe");
        return root.resolve("models");
    }

    /** The weights of built-in {@code name} as a file (extracted on first use). */
    public static Path file(String name) throws IOException {
        Entry e = entry(name).orElseThrow(() -> new IllegalArgumentException("unknown built-in model '" + name
                + "'; built-ins: " + ALL.stream().map(Entry::name).toList()));
        var url = BuiltinModels.class.getResource(resource(e.name()));
        if (url == null) {
            throw new IllegalArgumentException("built-in model '" + name + "' has no weights in this build yet "
                    + "(its training recipe has not been run; see docs/MODELS.md); available: "
                    + ALL.stream().map(Entry::name).filter(BuiltinModels::available).toList());
        }
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI());
            } catch (java.net.URISyntaxException ex) {
                throw new IOException("built-in model '" + name + "': bad resource URL " + url, ex);
            }
        }
        long size;
        try (InputStream in = url.openStream()) {
            size = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        Path target = cacheDir().resolve(name + "-" + size + ".safetensors");
        if (Files.isRegularFile(target) && Files.size(target) == size) {
            return target;
        }
        Files.createDirectories(target.getParent());
        Path tmp = Files.createTempFile(target.getParent(), name, ".part");
        try (InputStream in = url.openStream()) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return target;
    }
}
