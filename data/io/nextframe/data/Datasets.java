package io.nextframe.data;

import io.nextframe.data.media.NpyClips;
import io.nextframe.data.mmnist.BouncingMnist;
import io.nextframe.data.mmnist.DrnetMovingMnist;
import io.nextframe.data.mmnist.StochasticMovingMnist;
import io.nextframe.data.mnist.Mnist;
import io.nextframe.data.shapes.Shapes;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Datasets by name, as {@code train --data NAME} and {@code eval} take them. Generated datasets draw their digits
 * from the bundled MNIST subset — the training split for {@link Split#TRAIN}, the test split for {@link Split#TEST} —
 * and the two splits use different derived seeds, so the test clips are never training clips. Options
 * ({@code frames}, {@code digits}, {@code size}) override the reference defaults. A path to a {@code .npy} file
 * reads its clips (option {@code layout} as in CONTRACTS §5).
 *
 * <table>
 *   <caption>names</caption>
 *   <tr><td>mmnist, dfn-mmnist</td><td>DFN bouncing MNIST: 2 digits of 28 px, 64², 20 frames</td></tr>
 *   <tr><td>drnet-mmnist</td><td>DrNET coloured Moving MNIST: 2 digits of 32 px, 3 channels, 20 frames</td></tr>
 *   <tr><td>smmnist, smmnist-1, smmnist-2</td><td>SVG Stochastic Moving MNIST, 2 (or 1) digits of 32 px</td></tr>
 *   <tr><td>smmnist-det[-1|-2]</td><td>the same with deterministic bounces</td></tr>
 *   <tr><td>smmnist-nonuniform[-1|-2]</td><td>the thesis's non-uniform velocity variant</td></tr>
 *   <tr><td>shapes</td><td>Cross Convolutional Network Shapes pairs, 128² (option size=64)</td></tr>
 * </table>
 */
public final class Datasets {
    /** Which half of the data a dataset is built from. */
    public enum Split { TRAIN, TEST }

    private static final Set<String> OPTIONS = Set.of("frames", "digits", "size", "layout");

    private Datasets() {
    }

    /** The generated dataset names. */
    public static List<String> names() {
        return List.of("mmnist", "dfn-mmnist", "drnet-mmnist", "smmnist", "smmnist-1", "smmnist-2", "smmnist-det",
                "smmnist-det-1", "smmnist-det-2", "smmnist-nonuniform", "smmnist-nonuniform-1", "smmnist-nonuniform-2",
                "shapes");
    }

    public static ClipSource open(String name, Split split, long seed) throws IOException {
        return open(name, split, seed, Map.of());
    }

    /** Opens dataset {@code name} (or a .npy path) for {@code split} with generator seed {@code seed}. */
    public static ClipSource open(String name, Split split, long seed, Map<String, String> options)
            throws IOException {
        for (String k : options.keySet()) {
            if (!OPTIONS.contains(k)) {
                throw new IllegalArgumentException("dataset option '" + k + "' is unknown; known: " + OPTIONS);
            }
        }
        Map<String, String> opts = new HashMap<>(options);
        String n = name.toLowerCase(Locale.ROOT);
        long s = SequenceRandom.derive(seed, split.ordinal() + 1);
        Mnist.Split digits = split == Split.TRAIN ? Mnist.Split.TRAIN : Mnist.Split.TEST;
        if (n.endsWith(".npy")) {
            return NpyClips.open(Path.of(name), opts.get("layout"));
        }
        switch (n) {
            case "mmnist", "dfn-mmnist" -> {
                var c = BouncingMnist.Config.defaults();
                c = new BouncingMnist.Config(c.canvas(), intOpt(opts, "digits", c.numDigits()),
                        intOpt(opts, "frames", c.frames()), c.step());
                return new BouncingMnist(c, Mnist.bundled(digits).digits(28), s);
            }
            case "drnet-mmnist" -> {
                var c = DrnetMovingMnist.Config.defaults();
                c = new DrnetMovingMnist.Config(c.canvas(), intOpt(opts, "digits", c.numDigits()),
                        intOpt(opts, "frames", c.frames()));
                return new DrnetMovingMnist(c, Mnist.bundled(digits).digits(32), s);
            }
            case "shapes" -> {
                var c = Shapes.Config.defaults().withSize(intOpt(opts, "size", 128));
                return new Shapes(c, s);
            }
            default -> {
                if (n.startsWith("smmnist")) {
                    return smmnist(n, opts, s, digits);
                }
                throw new IllegalArgumentException("unknown dataset '" + name + "'; known: " + names()
                        + " or a path to a .npy file");
            }
        }
    }

    private static ClipSource smmnist(String n, Map<String, String> opts, long seed, Mnist.Split digits) {
        StochasticMovingMnist.Mode mode = n.startsWith("smmnist-det") ? StochasticMovingMnist.Mode.DETERMINISTIC
                : n.startsWith("smmnist-nonuniform") ? StochasticMovingMnist.Mode.NON_UNIFORM
                : StochasticMovingMnist.Mode.UNIFORM;
        String rest = n.substring(switch (mode) {
            case DETERMINISTIC -> "smmnist-det".length();
            case NON_UNIFORM -> "smmnist-nonuniform".length();
            case UNIFORM -> "smmnist".length();
        });
        int count = switch (rest) {
            case "", "-2" -> 2;
            case "-1" -> 1;
            default -> throw new IllegalArgumentException("unknown dataset '" + n + "'; known: " + names());
        };
        count = intOpt(opts, "digits", count);
        var c = new StochasticMovingMnist.Config(64, count, intOpt(opts, "frames", 20), mode, null);
        return new StochasticMovingMnist(c, Mnist.bundled(digits).digits(32), seed);
    }

    private static int intOpt(Map<String, String> opts, String key, int dflt) {
        String v = opts.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("dataset option " + key + "=" + v + " is not an integer");
        }
    }
}
