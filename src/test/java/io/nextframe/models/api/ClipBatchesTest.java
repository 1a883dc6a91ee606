package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.models.svg.SvgModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batched prediction ({@link Predictor#predictBatch}, {@link ClipBatches}) with the shipped SVG-LP on the SIMD
 * backend: a clip's samples depend on its seed and the batch size only — bitwise — and across batch sizes they agree
 * to rounding.
 */
class ClipBatchesTest {
    private static final int PAST = 5;
    private static final int FUTURE = 4;
    private static final PredictOptions SAMPLE = new PredictOptions(PAST, FUTURE, 2, 0, Latent.SAMPLE);

    private static Backend backend;
    private static Predictor svg;
    private static List<Clip> clips;
    private static long[] seeds;

    @BeforeAll
    static void load() throws IOException {
        backend = Backends.get("simd");
        svg = Predictors.open("svg-lp-smmnist", backend);
        Random r = new Random(7);
        clips = new ArrayList<>();
        seeds = new long[7];
        for (int i = 0; i < 7; i++) {
            float[] v = new float[(PAST + 1) * svg.channels() * svg.height() * svg.width()];
            for (int j = 0; j < v.length; j++) {
                v[j] = r.nextFloat() < 0.1f ? r.nextFloat() : 0f;   // sparse bright strokes, like digits
            }
            clips.add(new Clip(PAST + 1, svg.channels(), svg.height(), svg.width(), v));
            seeds[i] = ClipSeeds.of(11, "clip#" + i);
        }
    }

    @AfterAll
    static void close() {
        svg.close();
    }

    @Test
    void aBatchOfOneIsPredict() {
        for (int i = 0; i < 2; i++) {
            float[] alone = svg.predict(clips.get(i), SAMPLE.withSeed(seeds[i]));
            float[] batched = svg.predictBatch(List.of(clips.get(i)), SAMPLE, new long[] {seeds[i]}).getFirst();
            assertArrayEquals(alone, batched, "clip " + i);
        }
    }

    @Test
    void aClipsSamplesDoNotDependOnItsNeighboursOrPosition() {
        List<float[]> forward = ClipBatches.predict(svg, clips, SAMPLE, seeds, 4);
        List<Clip> reversed = clips.reversed();
        long[] reversedSeeds = new long[seeds.length];
        for (int i = 0; i < seeds.length; i++) {
            reversedSeeds[i] = seeds[seeds.length - 1 - i];
        }
        List<float[]> backward = ClipBatches.predict(svg, reversed, SAMPLE, reversedSeeds, 4);
        List<float[]> tail = ClipBatches.predict(svg, clips.subList(2, 7), SAMPLE,
                java.util.Arrays.copyOfRange(seeds, 2, 7), 4);
        for (int i = 0; i < clips.size(); i++) {
            assertArrayEquals(forward.get(i), backward.get(clips.size() - 1 - i), "clip " + i + ", reversed order");
            if (i >= 2) {
                assertArrayEquals(forward.get(i), tail.get(i - 2), "clip " + i + ", other neighbours");
            }
        }
        // the two samples of a clip differ, and so do two clips: the seeds reach the rows they belong to
        int n = forward.getFirst().length / 2;
        assertNotEquals(java.util.Arrays.toString(java.util.Arrays.copyOf(forward.getFirst(), n)),
                java.util.Arrays.toString(java.util.Arrays.copyOfRange(forward.getFirst(), n, 2 * n)));
    }

    @Test
    void batchSizesAgreeToRounding() {
        List<float[]> one = ClipBatches.predict(svg, clips, SAMPLE, seeds, 1);
        List<float[]> four = ClipBatches.predict(svg, clips, SAMPLE, seeds, 4);
        double worst = 0;
        for (int i = 0; i < clips.size(); i++) {
            for (int j = 0; j < one.get(i).length; j++) {
                worst = Math.max(worst, Math.abs(one.get(i)[j] - four.get(i)[j]));
            }
        }
        assertTrue(worst < 1e-4, "batch 1 vs 4 differ by " + worst);
    }

    @Test
    void batchStatisticsRefuseToMixClips() throws IOException {
        try (Predictor p = Predictors.open("svg-lp-smmnist", backend,
                new Predictors.OpenOptions(SvgModel.BatchStats.BATCH))) {
            var e = assertThrows(IllegalArgumentException.class,
                    () -> p.predictBatch(clips.subList(0, 2), SAMPLE, new long[] {1, 2}));
            assertTrue(e.getMessage().contains("--bn batch"), e.getMessage());
            // one clip at a time is fine
            assertEquals(1, p.predictBatch(clips.subList(0, 1), SAMPLE, new long[] {1}).size());
        }
    }

    @Test
    void badBatchesAreNamedBeforeAnyCompute() {
        var seedsMissing = assertThrows(IllegalArgumentException.class,
                () -> svg.predictBatch(clips.subList(0, 2), SAMPLE, new long[] {1}));
        assertTrue(seedsMissing.getMessage().contains("2 clips with 1 seeds"), seedsMissing.getMessage());
        List<Clip> withSmall = List.of(clips.get(0), Clip.zeros(PAST, svg.channels(), 32, 32));
        var wrongSize = assertThrows(IllegalArgumentException.class,
                () -> svg.predictBatch(withSmall, SAMPLE, new long[] {1, 2}));
        assertTrue(wrongSize.getMessage().startsWith("clip 1 of the batch"), wrongSize.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClipBatches.predict(svg, clips, SAMPLE, seeds, 0));
    }
}
