package io.nextframe.models.crossconv;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Everything a {@code crossconv} model file's metadata says about the model and how it was trained (CONTRACTS §4):
 * the network sizes ({@link CrossConvConfig#metadata()}) and the training recipe under snake-case keys —
 * {@code ablation} ({@code none}: the paper's cVAE; {@code ae}: the Fig. 5 autoencoder ablation, z = μ, no KL),
 * {@code w_rec}, {@code w_kl}, {@code lr}, {@code batch_size}, {@code train_pairs} (the training set is the first
 * this many pairs of the data) and {@code bank_size} (training pairs whose z means are stored for the paper's
 * empirical-z sampling). These are the keys {@code nextframe train crossconv --set} takes.
 */
public record CrossConvSettings(CrossConvConfig config, CrossConvTrainer.Mode mode, CrossConvLoss loss, double lr,
                                int batchSize, int trainPairs, int bankSize) {
    /** The training keys (besides the config's). */
    public static final Set<String> TRAINING_KEYS = Set.of("ablation", "w_rec", "w_kl", "lr", "batch_size",
            "train_pairs", "bank_size");

    public CrossConvSettings {
        if (config == null || mode == null || loss == null) {
            throw new IllegalArgumentException("CrossConvSettings: config, mode and loss are required");
        }
        if (!(lr > 0) || batchSize < 1 || trainPairs < 1 || bankSize < 0) {
            throw new IllegalArgumentException("CrossConvSettings: lr " + lr + " must be > 0, batch_size " + batchSize
                    + " and train_pairs " + trainPairs + " ≥ 1, bank_size " + bankSize + " ≥ 0");
        }
    }

    /** [P]'s recipe (Adam 1e-3, batch 8, w_rec 1, w_kl 1e-5) on the 20,000 training pairs, 1,000 stored z. */
    public static CrossConvSettings of(CrossConvConfig config, CrossConvTrainer.Mode mode) {
        return new CrossConvSettings(config, mode, CrossConvLoss.defaults(), 1e-3, 8, ShapesExperiment.TRAIN_PAIRS,
                1000);
    }

    /** The file metadata: the config's keys, then the training keys. */
    public Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>(config.metadata());
        m.put("ablation", mode == CrossConvTrainer.Mode.AE ? "ae" : "none");
        m.put("w_rec", Double.toString(loss.reconstructionWeight()));
        m.put("w_kl", Double.toString(loss.klWeight()));
        m.put("lr", Double.toString(lr));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("train_pairs", Integer.toString(trainPairs));
        m.put("bank_size", Integer.toString(bankSize));
        return m;
    }

    /**
     * Reads {@link #metadata()}: the config's keys are required; a missing training key takes [P]'s value (a file
     * exported from another implementation names only the network). Errors name the key, the value and what was
     * expected.
     */
    public static CrossConvSettings fromMetadata(Map<String, String> m) {
        CrossConvConfig config = CrossConvConfig.fromMetadata(m);
        String a = m.getOrDefault("ablation", "none").trim().toLowerCase(Locale.ROOT);
        CrossConvTrainer.Mode mode = switch (a) {
            case "none", "cvae" -> CrossConvTrainer.Mode.CVAE;
            case "ae" -> CrossConvTrainer.Mode.AE;
            default -> throw new IllegalArgumentException("crossconv metadata 'ablation' = '" + m.get("ablation")
                    + "': expected none (the cVAE) or ae (the autoencoder ablation)");
        };
        CrossConvSettings d = of(config, mode);
        double wRec = number(m, "w_rec", d.loss().reconstructionWeight());
        double wKl = number(m, "w_kl", d.loss().klWeight());
        if (!(wRec > 0) || !(wKl >= 0)) {
            throw new IllegalArgumentException("crossconv metadata 'w_rec' = '" + wRec + "' and 'w_kl' = '" + wKl
                    + "': expected w_rec > 0 and w_kl ≥ 0");
        }
        double lr = number(m, "lr", d.lr());
        if (!(lr > 0)) {
            throw new IllegalArgumentException("crossconv metadata 'lr' = '" + m.get("lr") + "': expected > 0");
        }
        return new CrossConvSettings(config, mode, new CrossConvLoss(wRec, wKl), lr,
                atLeast(m, "batch_size", d.batchSize(), 1), atLeast(m, "train_pairs", d.trainPairs(), 1),
                atLeast(m, "bank_size", d.bankSize(), 0));
    }

    private static double number(Map<String, String> m, String key, double fallback) {
        String v = m.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            double x = Double.parseDouble(v.trim());
            if (!Double.isFinite(x)) {
                throw new NumberFormatException();
            }
            return x;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("crossconv metadata '" + key + "' = '" + v + "': expected a finite "
                    + "number");
        }
    }

    private static int atLeast(Map<String, String> m, String key, int fallback, int min) {
        String v = m.get(key);
        if (v == null) {
            return fallback;
        }
        int x;
        try {
            x = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("crossconv metadata '" + key + "' = '" + v + "': expected an integer "
                    + "≥ " + min);
        }
        if (x < min) {
            throw new IllegalArgumentException("crossconv metadata '" + key + "' = '" + v + "': expected an integer "
                    + "≥ " + min);
        }
        return x;
    }
}
