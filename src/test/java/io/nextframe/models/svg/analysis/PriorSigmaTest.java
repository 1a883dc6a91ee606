package io.nextframe.models.svg.analysis;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.io.HostTensor;
import io.nextframe.data.Clip;
import io.nextframe.data.mmnist.StochasticMovingMnist;
import io.nextframe.models.svg.SkipMode;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The σ_ψ pipeline on a tiny untrained SVG-LP, and the model hook it uses. */
class PriorSigmaTest {
    private final Backend be = Backends.get("reference");

    /** Untrained SVG-LP: nf 4, g 8, z 2, rnn 8, 3 context frames. */
    static SvgConfig tiny(SvgKind kind) {
        return SvgConfig.defaults(kind).withSizes(8, 2, 8, 4).withSteps(3, 2, SkipMode.PENULTIMATE);
    }

    @Test
    void predictWithPriorGivesPredictsFramesAndThePriorOnTheContext() throws Exception {
        try (SvgModel model = new SvgModel(be, tiny(SvgKind.LP), 3); Scope s = be.scope()) {
            StochasticMovingMnist src = Sources.smmnist("smmnist", 1, 7);
            List<Clip> clips = List.of(src.clip(0), src.clip(1));
            Tensor context = Sources.batch(be, clips, 3);
            HostTensor expected = model.predict(context, 4, 2, 11, SvgModel.Latent.SAMPLE,
                    SvgModel.BatchStats.RUNNING);
            SvgModel.PriorRollout r = model.predictWithPrior(context, 4, 11, 1, SvgModel.Latent.SAMPLE,
                    SvgModel.BatchStats.RUNNING);
            assertArrayEquals(new int[] {2, 4, 1, 64, 64}, r.frames().shape());
            assertArrayEquals(new int[] {2, 6, 2}, r.prior().mu().shape());
            assertArrayEquals(new int[] {2, 6, 2}, r.prior().logvar().shape());
            int n = 2 * 4 * 64 * 64;
            assertArrayEquals(Arrays.copyOfRange(expected.data(), n, 2 * n), r.frames().data(),
                    "sample 1 of predict, bit for bit");
            for (SvgModel.BatchStats stats : SvgModel.BatchStats.values()) {
                HostTensor mean = model.predict(context, 3, 1, 5, SvgModel.Latent.MEAN, stats);
                assertArrayEquals(mean.data(), model.predictWithPrior(context, 3, 5, 0, SvgModel.Latent.MEAN, stats)
                        .frames().data(), "mean latent, " + stats);
            }
            // the prior on the ground-truth clip agrees with the rollout's up to its first generated step (step 3
            // sees ground-truth frames 0 … 2 through the state the rollout's observe steps built)
            SvgModel.PriorStats tf = model.priorOnFrames(Sources.batch(be, clips, 7), SvgModel.BatchStats.RUNNING);
            assertArrayEquals(new int[] {2, 6, 2}, tf.logvar().shape());
            for (int b = 0; b < 2; b++) {
                for (int k = 0; k < 3 * 2; k++) {
                    assertEquals(tf.logvar().data()[b * 12 + k], r.prior().logvar().data()[b * 12 + k], 0f);
                    assertEquals(tf.mu().data()[b * 12 + k], r.prior().mu().data()[b * 12 + k], 0f);
                }
            }
            // and the generated steps' prior sees generated frames, so it differs from the teacher-forced one
            assertTrue(tf.logvar().data()[3 * 2] != r.prior().logvar().data()[3 * 2]);
            try (SvgModel fp = new SvgModel(be, tiny(SvgKind.FP), 3)) {
                assertThrows(IllegalArgumentException.class, () -> fp.predictWithPrior(context, 2, 1, 0,
                        SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING));
            }
        }
    }

    @Test
    void pipelineRunsOnAnUntrainedModelAndWritesItsFiles(@TempDir Path dir) throws Exception {
        try (SvgModel model = new SvgModel(be, tiny(SvgKind.LP), 5)) {
            PriorSigma.Options o = PriorSigma.Options.defaults().withSizes(3, 5, 2);
            PriorSigma.Result r = PriorSigma.run(model, o);
            assertEquals(3 + 5 - 1, r.frames());
            for (StepStats st : List.of(r.generated(), r.teacherForced())) {
                assertEquals(7, st.mean().length);
                for (int t = 0; t < 7; t++) {
                    assertTrue(Double.isFinite(st.mean()[t]) && st.mean()[t] > 0, "σ at frame " + (t + 1));
                    assertTrue(st.low()[t] <= st.mean()[t] && st.mean()[t] <= st.high()[t]);
                    assertEquals(3, st.count()[t]);
                }
            }
            // synchronised clips: collisions are those of the motion clip, read from its trajectory
            StochasticMovingMnist src = Sources.smmnist(o.dataset(), o.dataSeed(), 8);
            boolean[] hit = Collisions.frames(src.trajectory(o.motionIndex()));
            List<Integer> expected = new ArrayList<>();
            for (int t = 1; t < 8; t++) {
                if (hit[t]) {
                    expected.add(t);
                }
            }
            assertEquals(expected, Arrays.stream(r.collisions()).boxed().toList());
            PriorSigma.write(r, "untrained", dir);
            assertTrue(Files.size(dir.resolve("prior-sigma.png")) > 1000);
            String json = Files.readString(dir.resolve("prior-sigma.json"));
            assertTrue(json.contains("\"teacher_forced\":{\"mean\":["), json);
            assertEquals(1 + 7, Files.readAllLines(dir.resolve("prior-sigma.csv")).size());
        }
    }

    @Test
    void ratioSeesASpikeAtCollisionsAndNoneOnAFlatCurve() {
        boolean[] hit = new boolean[11];
        hit[6] = true;
        double[] flat = new double[10];
        Arrays.fill(flat, 0.5);
        assertEquals(1.0, PriorSigma.ratio(flat, hit, 1, 3).all(), 1e-12);
        double[] spike = flat.clone();
        spike[6 - 1] = 2;                // σ of frame 6
        PriorSigma.Ratio r = PriorSigma.ratio(spike, hit, 1, 3);
        // frames 5, 6, 7 are near: (0.5 + 2 + 0.5) / 3 = 1 against 0.5 elsewhere
        assertEquals(2.0, r.all(), 1e-12);
        assertEquals(2.0, r.afterContext(), 1e-12);
        assertTrue(Double.isNaN(PriorSigma.ratio(flat, new boolean[11], 1, 1).all()), "no collision: undefined");
    }

    @Test
    void peakTestCountsCollisionsWhereSigmaPeaks() {
        double[] sigma = new double[30];
        for (int t = 0; t < sigma.length; t++) {
            sigma[t] = 1 - 0.01 * t;     // a falling trend: its maximum is at the left edge of every window
        }
        sigma[12 - 1] = 2;               // a spike one frame after the collision at 11
        PriorSigma.Peaks p = PriorSigma.peaks(sigma, new int[] {3, 11, 20, 29}, 5);
        // 3 is in the warm-up (3 − 3 < 5) and 29 too close to the end; 11 peaks (at 12), 20 does not (at 17)
        assertEquals(2, p.collisions());
        assertEquals(1, p.peaked());
        assertEquals(0.5, p.fraction());
        assertTrue(Double.isNaN(PriorSigma.peaks(sigma, new int[0], 5).fraction()));
    }
}
