package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.ClipSource;
import io.nextframe.data.shapes.Shapes;
import io.nextframe.layers.Rng;
import io.nextframe.models.train.LossLog;
import io.nextframe.models.train.TrainLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Shapes cVAE on the shared TrainLoop: a resumed run continues bit for bit, wrong data is refused. */
class CrossConvTrainingTest {
    private final Backend be = Backends.get("reference");
    private final CrossConvConfig c = CrossConvConfig.tiny();
    private final ClipSource data = new Shapes(Shapes.Config.defaults().withSize(c.inputSize()), 8).limit(64);
    private final PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());

    private CrossConvTraining.Options options(long steps) {
        return new CrossConvTraining.Options(CrossConvTrainer.Mode.CVAE, CrossConvLoss.defaults(), 1e-3, 2, steps, 2,
                7);
    }

    @Test
    void resumeContinuesExactly(@TempDir Path dir) throws Exception {
        List<LossLog.Row> straight;
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(1))) {
            straight = CrossConvTraining.train(net, data, options(4), dir.resolve("a"), false, quiet).rows();
        }
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(1))) {
            CrossConvTraining.train(net, data, options(2), dir.resolve("b"), false, quiet);
        }
        TrainLoop.Result resumed;
        // built as at the start of a run (the sampler's Philox key comes from the construction seed); the trained
        // weights, BN statistics and Adam state after step 2 must come from the checkpoint
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(1))) {
            resumed = CrossConvTraining.train(net, data, options(4), dir.resolve("b"), true, quiet);
        }
        assertEquals(2, resumed.firstStep());
        List<LossLog.Row> tail = resumed.rows().subList(resumed.rows().size() - 2, resumed.rows().size());
        assertEquals(straight.get(2).loss(), tail.get(0).loss());
        assertEquals(straight.get(3).loss(), tail.get(1).loss());
        assertTrue(Files.exists(dir.resolve("a").resolve(TrainLoop.PLOT)));
    }

    @Test
    void refusesFramesOfAnotherSize(@TempDir Path dir) {
        ClipSource big = new Shapes(Shapes.Config.defaults(), 8).limit(4);
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(1))) {
            assertThrows(IllegalArgumentException.class,
                    () -> CrossConvTraining.train(net, big, options(1), dir, false, quiet));
        }
    }
}
