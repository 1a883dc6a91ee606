package io.nextframe.models.dfn;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.models.eval.EvalAccumulator;
import io.nextframe.models.eval.EvalResult;
import io.nextframe.models.eval.FrameMetric;
import io.nextframe.models.eval.FrameShape;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The paper's Moving MNIST evaluation: over a fixed held-out set, predict F frames from the first P of each clip
 * and score them against frames P … P+F−1 by binary cross-entropy — {@code bce} the mean per pixel, {@code
 * bce_frame} the sum over a frame (the paper's unit: per-pixel × 4096 at 64×64) — per predicted step and overall.
 * Offline, the set is the project's own seeded generator (Datasets "dfn-mmnist", split TEST), not the authors'
 * 10,000-sequence file; say so when quoting the numbers.
 */
public final class DfnEvaluation {

    private DfnEvaluation() {
    }

    /** Evaluates the first {@code sequences} clips of {@code test}, {@code batch} clips per forward pass. */
    public static EvalResult evaluate(DfnModel model, ClipSource test, String datasetName, long sequences,
                                      int batch, long seed) {
        DfnConfig c = model.config();
        int p = c.inputSeqlen(), f = c.targetSeqlen();
        if (test.frames() < p + f) {
            throw new IllegalArgumentException("DFN eval: clips of " + test.frames() + " frames; P + F = "
                    + (p + f) + " needed");
        }
        if (sequences < 1 || sequences > test.size() || batch < 1) {
            throw new IllegalArgumentException("DFN eval: " + sequences + " sequences of a set of " + test.size()
                    + ", batch " + batch);
        }
        FrameShape shape = new FrameShape(1, c.npx(), c.npx());
        EvalAccumulator acc = new EvalAccumulator(shape, f, 1, List.of(FrameMetric.bce(), FrameMetric.bceFrame()));
        int frame = shape.size();
        for (long first = 0; first < sequences; first += batch) {
            int n = (int) Math.min(batch, sequences - first);
            float[] context = new float[n * p * frame];
            float[][] truth = new float[n][];
            for (int i = 0; i < n; i++) {
                Clip clip = test.clip(first + i);
                System.arraycopy(clip.data(), 0, context, i * p * frame, p * frame);
                truth[i] = java.util.Arrays.copyOfRange(clip.data(), p * frame, (p + f) * frame);
            }
            float[] pred = model.predict(context, new int[] {n, p, 1, c.npx(), c.npx()}, f);
            for (int i = 0; i < n; i++) {
                acc.addSequence(truth[i], 0, pred, i * f * frame);
            }
        }
        return acc.result(c.kind(), datasetName, p, seed);
    }

    /** Writes the result as eval JSON (temporary file, then rename). */
    public static void writeJson(EvalResult result, Path file) throws IOException {
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(tmp, result.toJson(), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
