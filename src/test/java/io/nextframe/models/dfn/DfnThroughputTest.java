package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.models.train.LossLog;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Measures training iterations per second of a DFN configuration on Moving MNIST (the figures of docs/MODELS.md):
 * environment {@code DFN_BENCH=full|reduced|baseline} (default reduced), {@code DFN_STEPS=N} (default 4),
 * {@code DFN_BATCH} (override the batch size), {@code DFN_BACKEND} (default simd), {@code DFN_LOG} (append the
 * progress lines to this file as they come); environment variables because
 * they reach surefire's forked JVM.
 * The first iteration (JIT warm-up) is excluded. Long: not part of the default run.
 */
@Tag("long")
class DfnThroughputTest {

    private static String env(String k, String dflt) {
        String v = System.getenv(k);
        return v == null ? dflt : v;
    }

    @Test
    void iterationsPerSecond(@TempDir Path dir) throws IOException {
        String which = env("DFN_BENCH", "reduced");
        int steps = Integer.parseInt(env("DFN_STEPS", "4"));
        Backend be = Backends.get(env("DFN_BACKEND", "simd"));
        DfnConfig c = switch (which) {
            case "full" -> DfnConfig.defaults();
            case "reduced" -> DfnConfig.reduced();
            case "baseline" -> DfnConfig.defaults().withBaseline(true);
            default -> throw new IllegalArgumentException("DFN_BENCH: full, reduced or baseline");
        };
        if (System.getenv("DFN_BATCH") != null) {
            int b = Integer.parseInt(System.getenv("DFN_BATCH"));
            c = new DfnConfig(c.npx(), c.filterSize(), c.nf(), c.inputSeqlen(), c.targetSeqlen(), c.baseline(), b,
                    c.learningRate(), c.lrHalveEvery(), c.iterations(), c.seed(), c.eps());
        }
        ClipSource data = Datasets.open("dfn-mmnist", Datasets.Split.TRAIN, c.seed());
        if (c.npx() != 64) {
            throw new IllegalStateException("the bench reads 64×64 Moving MNIST");
        }
        java.io.PrintStream out = System.getenv("DFN_LOG") == null ? System.out
                : new java.io.PrintStream(new java.io.FileOutputStream(System.getenv("DFN_LOG"), true), true);
        out.println("DFN " + which + ": batch " + c.batchSize() + ", nf " + c.nf() + ", " + steps + " steps");
        try (DfnModel m = DfnTrainer.train(be, c, data, steps, 0, dir, false, out).model()) {
            List<LossLog.Row> rows = LossLog.read(dir.resolve(LossLog.FILE));
            double s = (rows.getLast().seconds() - rows.getFirst().seconds()) / (rows.size() - 1);
            out.printf(Locale.ROOT, "DFN %s on %s: %.3f s/iteration (%.4f it/s) over %d iterations; "
                    + "%d iterations would take %.1f h%n", which, be.name(), s, 1 / s, rows.size() - 1,
                    c.iterations(), c.iterations() * s / 3600);
        }
    }
}
