package io.nextframe.models.videogan;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.layers.Rng;
import io.nextframe.layers.optim.Adam;

import java.util.ArrayList;
import java.util.List;

/**
 * Table 1 of "(Re)live Photos" on generated videos: trains every variant the report lists that runs offline — the
 * photo-conditioned one- and two-stream WGAN-GP ({@link ConditionalTrainer}), the LSTM and ConvLSTM frame predictors
 * and the autoencoder baselines (direct and residual) with teacher forcing (Adam) — for the same number of steps on
 * the training clips, then scores all of them on held-out clips with {@link VideoTable1} (one input frame), beside
 * the repeat-the-input-frame baselines, and prints the table in the report's shape. The report's Inception v4 and
 * semantic-segmentation rows need ImageNet weights and are left out.
 */
public final class Table1Experiment {

    /**
     * @param gan         the conditional GANs' sizes (the predictors use its frames, size and channels)
     * @param predictor   the predictors' sizes (channels and size must match the GAN's)
     * @param steps       training steps of every model (a GAN step: n_critic critic updates and one generator update)
     * @param batch       clips per batch
     * @param wgan        WGAN-GP settings of the GANs
     * @param mseWeight   the GANs' middle-frame MSE weight
     * @param lr          the predictors' Adam learning rate
     * @param testClips   held-out clips scored
     * @param seed        initialisation, noise and batch order
     */
    public record Settings(VideoGanConfig gan, PredictorConfig predictor, int steps, int batch,
                           WganTrainer.Settings wgan, float mseWeight, double lr, int testClips, long seed) {
        public Settings {
            if (predictor.channels() != gan.channels() || predictor.size() != gan.size()) {
                throw new IllegalArgumentException("Table1Experiment: predictor frames " + predictor.channels()
                        + " × " + predictor.size() + "² differ from the GAN's " + gan.channels() + " × "
                        + gan.size() + "²");
            }
            if (steps < 1 || batch < 1 || testClips < 1 || wgan.nCritic() < 1) {
                throw new IllegalArgumentException("Table1Experiment: steps " + steps + ", batch " + batch
                        + ", test clips " + testClips + " and n_critic " + wgan.nCritic() + " must be ≥ 1");
            }
        }
    }

    /** The rows (in the report's order, baselines first) and the printed table. */
    public record Result(List<VideoTable1.Row> rows, String table) {
    }

    private Table1Experiment() {
    }

    /** Trains on {@code train} and scores on {@code test} (both cut to the GAN's frames and size). */
    public static Result run(Backend be, ClipSource train, ClipSource test, String dataset, Settings s) {
        VideoGanConfig cfg = s.gan();
        ClipSource fitTrain = VideoTable1.fit(train, cfg);
        ClipSource fitTest = VideoTable1.fit(test, cfg);
        int t = cfg.frames();
        int n = s.testClips();
        List<VideoTable1.Row> rows = new ArrayList<>();
        rows.add(VideoTable1.repeatFrame("Repeat the input frame (frame 0)", be, fitTest, t, 0, n));
        rows.add(VideoTable1.repeatFrame("Repeat the photo (frame " + ConditionalVideoGan.photoIndex(t) + ")", be,
                fitTest, t, ConditionalVideoGan.photoIndex(t), n));
        for (boolean twoStream : new boolean[] {false, true}) {
            try (ConditionalVideoGan m = new ConditionalVideoGan(be, cfg, twoStream, new Rng(s.seed()));
                 ConditionalTrainer trainer = new ConditionalTrainer(m, s.wgan(), s.mseWeight(), s.seed())) {
                long next = 0;
                for (int i = 0; i < s.steps(); i++) {
                    trainer.seek(i);
                    try (Scope scope = be.scope()) {
                        for (int k = 0; k < s.wgan().nCritic(); k++) {
                            trainer.criticStep(batch(be, fitTrain, next++, s.batch(), t, true));
                        }
                        trainer.generatorStep(batch(be, fitTrain, next++, s.batch(), t, true));
                    }
                }
                rows.add(VideoTable1.conditional("Conditional " + (twoStream ? "two" : "one") + "-stream", m,
                        fitTest, n));
            }
        }
        String[] names = {"LSTM network", "Convolutional LSTM", "Autoencoder, direct", "Autoencoder, residual"};
        for (int v = 0; v < names.length; v++) {
            Rng rng = new Rng(s.seed());
            try (FramePredictor p = switch (v) {
                case 0 -> new LstmFramePredictor(be, s.predictor(), rng);
                case 1 -> new ConvLstmFramePredictor(be, s.predictor(), rng);
                default -> new AutoencoderPredictor(be, s.predictor(), v == 3, rng);
            }; Adam adam = new Adam(p.trainableParameters(), s.lr())) {
                p.train();
                for (int i = 0; i < s.steps(); i++) {
                    try (Scope scope = be.scope()) {
                        adam.zeroGrad();
                        p.teacherForcingLoss(batch(be, fitTrain, i, s.batch(), t, false)).backward();
                        adam.step();
                        adam.zeroGrad();
                    }
                }
                if (v < 2) {
                    rows.add(VideoTable1.singleStep(names[v] + " (single-step)", p, fitTest, t, n));
                }
                rows.add(VideoTable1.recursive(names[v] + " recursive", p, fitTest, t, n));
            }
        }
        return new Result(rows, VideoTable1.table(dataset, rows));
    }

    /** Batch j: clips j·batch … (wrapping), (B, C, T, H, W) in [0, 1], or [−1, 1] for a GAN. */
    private static Var batch(Backend be, ClipSource clips, long j, int batch, int frames, boolean gan) {
        int c = clips.channels(), plane = clips.height() * clips.width();
        float[] v = new float[batch * c * frames * plane];
        for (int b = 0; b < batch; b++) {
            Clip clip = clips.clip(Math.floorMod(j * batch + b, clips.size()));
            for (int f = 0; f < frames; f++) {
                float[] frame = clip.frame(f);
                for (int ch = 0; ch < c; ch++) {
                    int dst = ((b * c + ch) * frames + f) * plane;
                    for (int i = 0; i < plane; i++) {
                        v[dst + i] = gan ? frame[ch * plane + i] * 2f - 1f : frame[ch * plane + i];
                    }
                }
            }
        }
        return Var.constant(be.fromFloats(Shape.of(batch, c, frames, clips.height(), clips.width()), v));
    }
}
