package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.layers.Rng;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Table 1 protocol (one input frame, MSE of the predicted video) and the experiment printing it. */
class Table1ExperimentTest {
    private static final VideoGanConfig GAN = new VideoGanConfig(1, 4, 8, 4, 4, 2, true);
    private static final PredictorConfig PREDICTOR = new PredictorConfig(1, 8, 4, 8, 2);

    @Test
    void experimentPrintsEveryOfflineVariantInTheReportsShape() {
        Backend be = Backends.get("simd");
        ClipSource clips = VideoGanResumeTest.clips();
        WganTrainer.Settings gp = new WganTrainer.Settings(WganTrainer.Variant.GP, 1e-3, 0.5, 0.9, 1, 10f, 0f, 0.1f);
        Table1Experiment.Result r = Table1Experiment.run(be, clips, clips, "squares",
                new Table1Experiment.Settings(GAN, PREDICTOR, 3, 2, gp, 10f, 1e-3, 5, 3));
        List<String> names = r.rows().stream().map(VideoTable1.Row::network).toList();
        assertEquals(List.of("Repeat the input frame (frame 0)", "Repeat the photo (frame 1)",
                "Conditional one-stream", "Conditional two-stream", "LSTM network (single-step)",
                "LSTM network recursive", "Convolutional LSTM (single-step)", "Convolutional LSTM recursive",
                "Autoencoder, direct recursive", "Autoencoder, residual recursive"), names);
        for (VideoTable1.Row row : r.rows()) {
            assertTrue(Double.isFinite(row.mse()) && row.mse() >= 0 && row.std() >= 0 && row.clips() == 5,
                    row.toString());
        }
        // GAN outputs are tanh mapped to [0, 1], so their error against [0, 1] frames is at most 1
        assertTrue(r.rows().get(2).mse() <= 1 && r.rows().get(3).mse() <= 1, r.table());
        assertTrue(r.table().startsWith("| Network | MSE (squares) |\n|---|---|\n"), r.table());
        assertTrue(r.table().contains("| Convolutional LSTM recursive | "), r.table());

        // the baseline, recomputed by hand: frame 0 against frames 1 … 3 of each of the 5 fitted clips
        ClipSource fitted = VideoTable1.fit(clips, GAN);
        double mean = 0;
        for (int i = 0; i < 5; i++) {
            Clip c = fitted.clip(i);
            float[] f0 = c.frame(0);
            double sum = 0;
            for (int t = 1; t < 4; t++) {
                float[] ft = c.frame(t);
                for (int p = 0; p < ft.length; p++) {
                    sum += (ft[p] - f0[p]) * (double) (ft[p] - f0[p]);
                }
            }
            mean += sum / (3.0 * 64) / 5;
        }
        assertEquals(mean, r.rows().getFirst().mse(), 1e-9);
        assertTrue(mean > 0.01, "the clips move: " + mean);
    }

    @Test
    void withTwoFramesRecursiveAndSingleStepPredictTheSameFrame() {
        Backend be = Backends.get("simd");
        ClipSource fitted = VideoTable1.fit(VideoGanResumeTest.clips(), GAN);
        try (ConvLstmFramePredictor p = new ConvLstmFramePredictor(be, PREDICTOR, new Rng(4))) {
            VideoTable1.Row a = VideoTable1.recursive("r", p, fitted, 2, 6);
            VideoTable1.Row b = VideoTable1.singleStep("s", p, fitted, 2, 6);
            assertEquals(a.mse(), b.mse(), 1e-12);
            VideoTable1.Row four = VideoTable1.recursive("r4", p, fitted, 4, 6);
            assertTrue(four.mse() != a.mse());
        }
        assertThrows(IllegalArgumentException.class,
                () -> VideoTable1.repeatFrame("x", be, fitted, 4, 4, 2));
        assertThrows(IllegalArgumentException.class,
                () -> VideoTable1.repeatFrame("x", be, fitted, 4, 0, 11));
    }
}
