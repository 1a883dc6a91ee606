package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.data.pipeline.BatchLoader;
import org.junit.jupiter.api.Test;

import io.nextframe.models.train.LossLog;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop on Stochastic Moving MNIST clips longer than the training window (the window is cut from each clip). */
class SvgTrainingTest {

    private static double loss(List<LossLog.Row> rows, long step) {
        return rows.stream().filter(r -> r.step() == step).findFirst().orElseThrow().loss();
    }

    @Test
    void trainsOnStochasticMovingMnist() throws Exception {
        Backend be = Backends.get("simd");
        SvgConfig c = SvgModelTest.tiny(SvgKind.LP);
        ClipSource src = Datasets.open("smmnist", Datasets.Split.TRAIN, 1, Map.of("frames", "6"));
        List<Double> losses = new ArrayList<>();
        try (SvgModel m = new SvgModel(be, c, 1); SvgTrainer t = new SvgTrainer(m, 1);
             BatchLoader loader = new BatchLoader(src, BatchLoader.Options.of(2, 1))) {
            long done = SvgTraining.run(t, c, loader, 3, (step, r) -> losses.add(r.loss()));
            assertEquals(3, done);
        }
        assertEquals(3, losses.size());
        losses.forEach(l -> assertTrue(Double.isFinite(l) && l > 0, "loss " + l));
    }

    /** On the shared loop: 4 steps straight equal 2 steps, then a resume for 2 more, bitwise. */
    @Test
    void sharedLoopResumesExactly(@TempDir Path dir) throws Exception {
        Backend be = Backends.get("simd");
        SvgConfig c = SvgModelTest.tiny(SvgKind.LP);
        ClipSource src = Datasets.open("smmnist", Datasets.Split.TRAIN, 1, Map.of("frames", "5"));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<LossLog.Row> straight;
        try (SvgRun.Result r = SvgRun.train(be, c, src, 2, 4, 2, dir.resolve("a"), 9, false, quiet)) {
            straight = r.run().rows();
        }
        SvgRun.train(be, c, src, 2, 2, 2, dir.resolve("b"), 9, false, quiet).close();
        List<LossLog.Row> resumed;
        try (SvgRun.Result r = SvgRun.train(be, c, src, 2, 4, 2, dir.resolve("b"), 9, true, quiet)) {
            resumed = r.run().rows();
        }
        assertEquals(4, straight.size());
        for (long step = 3; step <= 4; step++) {
            assertEquals(loss(straight, step), loss(resumed, step), 0.0, "step " + step);
        }
        assertTrue(loss(straight, 4) != loss(straight, 1), "the loss moves");
    }
}
