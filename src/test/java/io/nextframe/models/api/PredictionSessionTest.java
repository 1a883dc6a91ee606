package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.Datasets;
import io.nextframe.models.dfn.DfnConfig;
import io.nextframe.models.dfn.DfnModel;
import io.nextframe.models.dfn.DfnNetwork;
import io.nextframe.models.svg.SkipMode;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Streaming sessions give the frames batch prediction gives, never change state by predicting, and share weights. */
class PredictionSessionTest {
    private static final Backend B = Backends.get("simd");

    private static Predictor tinySvg(SvgKind kind, SkipMode skip) {
        SvgConfig c = SvgConfig.defaults(kind).withSizes(8, 2, 8, 4).withSteps(3, 4, skip);
        return new SvgPredictor(new SvgModel(B, c, 11), SvgModel.BatchStats.RUNNING);
    }

    private static Predictor tinyDfn() {
        DfnConfig c = DfnConfig.fromMetadata(java.util.Map.of("nf", "2", "dynamic_filter_size", "3",
                "input_seqlen", "3", "target_seqlen", "3"));
        return new DfnPredictor(new DfnModel(new DfnNetwork(B, c)));
    }

    private static Clip clip(String data, long index, int frames) throws Exception {
        return Datasets.open(data, Datasets.Split.TEST, 3, java.util.Map.of("frames", Integer.toString(frames)))
                .clip(index);
    }

    private static float[] streamed(Predictor p, Clip clip, int past, int future, int k, long seed, Latent latent) {
        try (PredictionSession s = p.openSession(k, seed, latent)) {
            for (int t = 0; t < past; t++) {
                s.observe(clip.frame(t));
            }
            float[] first = s.predict(future);
            assertArrayEquals(first, s.predict(future), "predicting does not change the session");
            return first;
        }
    }

    @ParameterizedTest
    @CsvSource({"LP,penultimate,SAMPLE", "LP,every-step,SAMPLE", "LP,last-context,MEAN", "FP,penultimate,SAMPLE",
            "DET,penultimate,SAMPLE"})
    void svgStreamingEqualsBatchPrediction(String kind, String skip, String latent) throws Exception {
        try (Predictor p = tinySvg(SvgKind.valueOf(kind), SkipMode.of(skip))) {
            Clip c = clip("smmnist", 0, 9);
            Latent l = Latent.valueOf(latent);
            for (int past : new int[] {3, 5}) {
                float[] batch = p.predict(c, new PredictOptions(past, 4, 3, 77, l));
                assertArrayEquals(batch, streamed(p, c, past, 4, 3, 77, l), kind + " " + skip + " past " + past);
            }
        }
    }

    @Test
    void observingMoreFramesMatchesALongerContext() throws Exception {
        try (Predictor p = tinySvg(SvgKind.LP, SkipMode.PENULTIMATE);
             PredictionSession s = p.openSession(2, 5, Latent.SAMPLE)) {
            Clip c = clip("smmnist", 1, 9);
            for (int t = 0; t < 7; t++) {
                s.observe(c.frame(t));
                if (t >= 1) {
                    float[] batch = p.predict(c, new PredictOptions(t + 1, 2, 2, 5, Latent.SAMPLE));
                    assertArrayEquals(batch, s.predict(2), "after " + (t + 1) + " frames");
                }
            }
        }
    }

    @Test
    void dfnStreamingEqualsBatchPrediction() throws Exception {
        try (Predictor p = tinyDfn()) {
            Clip c = clip("mmnist", 0, 8);
            for (int past : new int[] {1, 3, 4}) {
                float[] batch = p.predict(c, new PredictOptions(past, 3, 1, 0, Latent.SAMPLE));
                assertArrayEquals(batch, streamed(p, c, past, 3, 1, 0, Latent.SAMPLE), "past " + past);
            }
        }
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"simd", "opencl", "reference"})
    void sessionsOnManyThreadsShareOneModelAndAgreeWithSequentialRuns(String backendName) throws Exception {
        Backend be = io.nextframe.testing.TestBackends.sharedOrSkip(backendName);
        SvgConfig c = SvgConfig.defaults(SvgKind.LP).withSizes(8, 2, 8, 4).withSteps(3, 4, SkipMode.PENULTIMATE);
        try (Predictor p = new SvgPredictor(new SvgModel(be, c, 11), SvgModel.BatchStats.RUNNING)) {
            List<Clip> clips = new ArrayList<>();
            List<float[]> expected = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                clips.add(clip("smmnist", i, 8));
                expected.add(streamed(p, clips.get(i), 4, 3, 2, i, Latent.SAMPLE));
            }
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                for (int round = 0; round < 2; round++) {
                    List<Future<float[]>> got = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        int n = i;
                        got.add(pool.submit(() -> streamed(p, clips.get(n), 4, 3, 2, n, Latent.SAMPLE)));
                    }
                    for (int i = 0; i < 4; i++) {
                        assertArrayEquals(expected.get(i), got.get(i).get(), "clip " + i + " round " + round);
                    }
                }
            } finally {
                pool.shutdownNow();
            }
            assertFalse(Arrays.equals(expected.get(0), expected.get(1)), "different clips and seeds differ");
        }
    }

    @Test
    void badFramesAndEarlyPredictionsAreRefused() {
        try (Predictor p = tinySvg(SvgKind.LP, SkipMode.PENULTIMATE);
             PredictionSession s = p.openSession(1, 0, Latent.SAMPLE)) {
            assertThrows(IllegalArgumentException.class, () -> s.observe(new float[10]));
            float[] nan = new float[64 * 64];
            nan[7] = Float.NaN;
            assertThrows(IllegalArgumentException.class, () -> s.observe(nan));
            s.observe(new float[64 * 64]);
            assertThrows(IllegalArgumentException.class, () -> s.predict(3), "penultimate skips need 2 frames");
        }
    }
}
