package io.nextframe.models.svg;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.data.pipeline.BatchLoader;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The loop on Stochastic Moving MNIST clips longer than the training window (the window is cut from each clip). */
class SvgTrainingTest {

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
}
