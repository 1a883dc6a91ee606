package io.nextframe.models.dfn;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The recurrent Moving MNIST Dynamic Filter Network's settings. The defaults are the authors' code (dbbert/dfn,
 * specs/reference-implementations.md §3): 64×64 frames, 9×9 filters, encoder widths 32/64/128, 10 context and 10
 * predicted frames, batch 16, Adam 1e-3 halved every 4,000 iterations (= every 20 epochs of 200 batches), 20,000
 * iterations, seed 123, BCE clip ε = 2⁻²³.
 *
 * @param npx          frame side (square frames, one channel); must be even (one stride-2 conv, one ×2 upsample)
 * @param filterSize   side of the per-pixel filters (odd)
 * @param nf           width of the first encoder convs; the others are 2·nf and 4·nf (the code: 32, 64, 128)
 * @param inputSeqlen  context frames P
 * @param targetSeqlen predicted frames F
 * @param baseline     replace the dynamic filter by a 1×1 conv from the filter logits to the frame (the paper's
 *                     baseline, kind {@code dfn-baseline})
 * @param batchSize    clips per training batch
 * @param learningRate Adam's initial learning rate
 * @param lrHalveEvery iterations between halvings of the learning rate
 * @param iterations   training iterations of the full recipe
 * @param seed         initialisation and data-order seed
 * @param eps          BCE clip of the predictions to [ε, 1 − ε]
 */
public record DfnConfig(int npx, int filterSize, int nf, int inputSeqlen, int targetSeqlen, boolean baseline,
                        int batchSize, double learningRate, int lrHalveEvery, int iterations, long seed, double eps) {
    /** float32's machine epsilon, Theano's default clip in the reference code. */
    public static final double EPS = 1.1920929e-07;

    public DfnConfig {
        if (npx < 4 || npx % 2 != 0) {
            throw new IllegalArgumentException("DfnConfig: npx " + npx + " must be even and ≥ 4");
        }
        if (filterSize < 1 || filterSize % 2 == 0) {
            throw new IllegalArgumentException("DfnConfig: filter_size " + filterSize + " must be odd and ≥ 1");
        }
        if (nf < 1 || inputSeqlen < 1 || targetSeqlen < 1 || batchSize < 1 || lrHalveEvery < 1 || iterations < 0) {
            throw new IllegalArgumentException("DfnConfig: nf, input_seqlen, target_seqlen, batch_size, "
                    + "lr_halve_every must be ≥ 1 and iterations ≥ 0; got " + nf + ", " + inputSeqlen + ", "
                    + targetSeqlen + ", " + batchSize + ", " + lrHalveEvery + ", " + iterations);
        }
        if (!(learningRate > 0) || !(eps > 0 && eps < 0.5)) {
            throw new IllegalArgumentException("DfnConfig: learning_rate " + learningRate + " > 0 and eps " + eps
                    + " in (0, 0.5) expected");
        }
    }

    /** The authors' code. */
    public static DfnConfig defaults() {
        return new DfnConfig(64, 9, 32, 10, 10, false, 16, 1e-3, 4000, 20_000, 123, EPS);
    }

    /**
     * The configuration for this project's 2-core CPU budget (docs/MODELS.md): the architecture and 9×9 filters at
     * 64×64 with every layer half as wide (nf 16: widths 16/32/64, ≈ 1/4 of the FLOPs; 162,305 parameters), batch
     * 8, 1,200 iterations with the learning rate halved every 300 (the reference schedule's shape compressed to
     * the shorter run). Sized from measured iteration times (docs/MODELS.md) to train in about 2 hours on the simd
     * backend of a quiet 2-core machine.
     */
    public static DfnConfig reduced() {
        return new DfnConfig(64, 9, 16, 10, 10, false, 8, 1e-3, 300, 1_200, 123, EPS);
    }

    /** A seconds-scale configuration for tests: 16×16 frames, 5×5 filters, widths 4/8/16, 3 + 3 frames, batch 2. */
    public static DfnConfig tiny() {
        return new DfnConfig(16, 5, 4, 3, 3, false, 2, 1e-2, 1000, 20, 7, EPS);
    }

    public DfnConfig withBaseline(boolean b) {
        return new DfnConfig(npx, filterSize, nf, inputSeqlen, targetSeqlen, b, batchSize, learningRate,
                lrHalveEvery, iterations, seed, eps);
    }

    public DfnConfig withIterations(int n) {
        return new DfnConfig(npx, filterSize, nf, inputSeqlen, targetSeqlen, baseline, batchSize, learningRate,
                lrHalveEvery, n, seed, eps);
    }

    /** The CONTRACTS.md §4 model kind. */
    public String kind() {
        return baseline ? "dfn-baseline" : "dfn";
    }

    /** Frames per training clip: P + F. */
    public int sequenceLength() {
        return inputSeqlen + targetSeqlen;
    }

    /** The config as {@code __metadata__} entries under the reference code's option names. */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("npx", Integer.toString(npx));
        m.put("dynamic_filter_size", Integer.toString(filterSize));
        m.put("nf", Integer.toString(nf));
        m.put("input_seqlen", Integer.toString(inputSeqlen));
        m.put("target_seqlen", Integer.toString(targetSeqlen));
        m.put("baseline", Boolean.toString(baseline));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("learning_rate", Double.toString(learningRate));
        m.put("lr_halve_every", Integer.toString(lrHalveEvery));
        m.put("iterations", Integer.toString(iterations));
        m.put("seed", Long.toString(seed));
        m.put("eps", Double.toString(eps));
        return m;
    }

    /**
     * Reads a config from metadata; absent keys take the defaults, so a PyTorch user's export with only
     * {@code model} loads. The kind {@code dfn-baseline} implies the baseline.
     */
    public static DfnConfig fromMetadata(Map<String, String> m) {
        DfnConfig d = defaults();
        String kind = m.get("model");
        boolean baseline = m.containsKey("baseline") ? bool(m.get("baseline")) : "dfn-baseline".equals(kind);
        return new DfnConfig(integer(m, "npx", d.npx), integer(m, "dynamic_filter_size", d.filterSize),
                integer(m, "nf", d.nf), integer(m, "input_seqlen", d.inputSeqlen),
                integer(m, "target_seqlen", d.targetSeqlen), baseline, integer(m, "batch_size", d.batchSize),
                real(m, "learning_rate", d.learningRate),
                integer(m, "lr_halve_every", d.lrHalveEvery), integer(m, "iterations", d.iterations),
                m.containsKey("seed") ? seed(m.get("seed")) : d.seed, real(m, "eps", d.eps));
    }

    private static double real(Map<String, String> m, String key, double dflt) {
        String v = m.get(key);
        try {
            return v == null ? dflt : Double.parseDouble(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DFN config '" + key + "' = '" + v + "' is not a number", e);
        }
    }

    private static long seed(String v) {
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DFN config 'seed' = '" + v + "' is not a 64-bit integer", e);
        }
    }

    private static int integer(Map<String, String> m, String key, int dflt) {
        String v = m.get(key);
        try {
            return v == null ? dflt : Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DFN config '" + key + "' = '" + v + "' is not an integer", e);
        }
    }

    private static boolean bool(String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("DFN config 'baseline' = '" + v + "': true or false");
        };
    }
}
