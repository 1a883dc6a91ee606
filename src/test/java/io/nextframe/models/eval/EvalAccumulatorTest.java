package io.nextframe.models.eval;

import io.nextframe.core.io.Json;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scoring whole sequences, merging partial evaluations, and the eval JSON of CONTRACTS.md §5. */
class EvalAccumulatorTest {
    private static final FrameShape SHAPE = new FrameShape(1, 16, 16);
    private static final int F = 4;
    private static final int K = 3;

    /** Truth (F frames) and K samples whose noise grows with k, except that sample 2 is the clean one. */
    private static float[][] sequence(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] truth = FrameMetricsTest.random(r, F * SHAPE.size());
        float[] prediction = new float[K * truth.length];
        double[] noise = {0.2, 0.3, 0.02};
        for (int k = 0; k < K; k++) {
            float[] noisy = FrameMetricsTest.addNoise(truth, noise[k], seed * 31 + k);
            System.arraycopy(noisy, 0, prediction, k * truth.length, truth.length);
        }
        return new float[][] {truth, prediction};
    }

    @Test
    void bestOfKScoresAreTheCleanSamples() {
        EvalAccumulator acc = new EvalAccumulator(SHAPE, F, K, FrameMetric.all());
        float[][] seq = sequence(1);
        acc.addSequence(seq[0], seq[1]);
        Map<String, MetricSummary> s = acc.summaries();
        assertEquals(List.of("ssim_best", "psnr_best", "mse", "bce", "bce_frame"), List.copyOf(s.keySet()));
        int clean = 2 * F * SHAPE.size();
        for (int t = 0; t < F; t++) {
            int frame = t * SHAPE.size();
            assertEquals(Ssim.of(seq[0], frame, seq[1], clean + frame, SHAPE), s.get("ssim_best").perStep()[t]);
            assertEquals(Psnr.of(seq[0], frame, seq[1], clean + frame, SHAPE), s.get("psnr_best").perStep()[t]);
            double mse = 0;
            for (int k = 0; k < K; k++) {
                mse += Mse.of(seq[0], frame, seq[1], k * F * SHAPE.size() + frame, SHAPE);
            }
            assertEquals(mse / K, s.get("mse").perStep()[t], 1e-15);
            assertEquals(256 * s.get("bce").perStep()[t], s.get("bce_frame").perStep()[t], 1e-9);
        }
    }

    @Test
    void partialEvaluationsMergeToTheOnePassResult() throws Exception {
        EvalAccumulator whole = new EvalAccumulator(SHAPE, F, K, FrameMetric.all());
        EvalAccumulator[] parts = new EvalAccumulator[3];
        for (int p = 0; p < parts.length; p++) {
            parts[p] = new EvalAccumulator(SHAPE, F, K, FrameMetric.all());
        }
        for (int i = 0; i < 12; i++) {
            float[][] seq = sequence(100 + i);
            whole.addSequence(seq[0], seq[1]);
            parts[(i * 7) % 3].addSequence(seq[0], seq[1]);
        }
        // A part travels as a serialised object (as a Spark partition's result would) before merging.
        EvalAccumulator merged = roundTrip(parts[2]);
        merged.merge(parts[0]);
        merged.merge(roundTrip(parts[1]));
        assertEquals(12, merged.sequences());
        assertEquals(whole.summaries(), merged.summaries());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> merged.addSequence(sequence(1)[0], sequence(1)[1]));
        assertTrue(e.getMessage().contains("deserialised"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> whole.merge(new EvalAccumulator(SHAPE, F, 2, FrameMetric.all())));
    }

    private static EvalAccumulator roundTrip(EvalAccumulator a) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(a);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (EvalAccumulator) in.readObject();
        }
    }

    @Test
    void refusesWrongSizesBeforeScoring() {
        EvalAccumulator acc = new EvalAccumulator(SHAPE, F, K, FrameMetric.videoDefaults());
        float[][] seq = sequence(3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> acc.addSequence(seq[0], java.util.Arrays.copyOf(seq[1], seq[1].length - 1)));
        assertTrue(e.getMessage().contains("prediction"), e.getMessage());
        assertEquals(0, acc.sequences());
        assertThrows(IllegalArgumentException.class,
                () -> new EvalAccumulator(SHAPE, F, K, List.of(FrameMetric.mse(), FrameMetric.mse())));
    }

    @Test
    void jsonHasTheContractShape() {
        EvalAccumulator acc = new EvalAccumulator(SHAPE, F, K, FrameMetric.videoDefaults());
        for (int i = 0; i < 3; i++) {
            float[][] seq = sequence(200 + i);
            acc.addSequence(seq[0], seq[1]);
        }
        MetricSummary parzen = new MetricSummary(new double[] {-3572.5}, new double[] {-3600},
                new double[] {-3545}, -3572.5, -3600, -3545, 10);
        EvalResult result = acc.result("svg-lp-smmnist", "smmnist-test \"quoted\"", 5, 1L).with("parzen_ll", parzen);
        Map<?, ?> root = (Map<?, ?>) Json.parse(result.toJson());

        assertEquals(List.of("model", "dataset", "sequences", "past", "future", "samples", "seed", "metrics"),
                List.copyOf(root.keySet()));
        assertEquals("svg-lp-smmnist", root.get("model"));
        assertEquals("smmnist-test \"quoted\"", root.get("dataset"));
        assertEquals(3L, longOf(root.get("sequences")));
        assertEquals(5L, longOf(root.get("past")));
        assertEquals((long) F, longOf(root.get("future")));
        assertEquals((long) K, longOf(root.get("samples")));
        assertEquals(1L, longOf(root.get("seed")));
        Map<?, ?> metrics = (Map<?, ?>) root.get("metrics");
        assertEquals(List.of("ssim_best", "psnr_best", "mse", "parzen_ll"), List.copyOf(metrics.keySet()));
        for (Map.Entry<?, ?> e : metrics.entrySet()) {
            Map<?, ?> m = (Map<?, ?>) e.getValue();
            assertEquals(List.of("per_step", "mean", "ci95", "per_step_ci95"), List.copyOf(m.keySet()));
            MetricSummary expected = e.getKey().equals("parzen_ll") ? parzen : acc.summaries().get(e.getKey());
            assertArrayEquals(expected.perStep(), doubles(m.get("per_step")));
            assertEquals(expected.mean(), doubleOf(m.get("mean")));
            assertArrayEquals(new double[] {expected.ciLow(), expected.ciHigh()}, doubles(m.get("ci95")));
            assertEquals(expected.perStep().length, ((List<?>) m.get("per_step_ci95")).size());
        }
        assertThrows(IllegalArgumentException.class, () -> result.with("parzen_ll", parzen));
    }

    @Test
    void jsonWritesInfinityAsAnOverflowingNumberAndUndefinedAsNull() {
        MetricSummary s = new MetricSummary(new double[] {Double.POSITIVE_INFINITY, 31.5},
                new double[] {Double.NaN, 30}, new double[] {Double.NaN, 33}, Double.POSITIVE_INFINITY, Double.NaN,
                Double.NaN, 1);
        String text = new EvalResult("m", "d", 1, 2, 2, 1, 0, Map.of("psnr_best", s)).toJson();
        assertTrue(text.contains("\"per_step\":[1e999,31.5]"), text);
        assertTrue(text.contains("\"ci95\":[null,null]"), text);
        Map<?, ?> m = (Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) Json.parse(text)).get("metrics")).get("psnr_best");
        assertEquals(Double.POSITIVE_INFINITY, doubleOf(m.get("mean")));
        assertSame(Json.NULL, ((List<?>) m.get("ci95")).getFirst());
        assertEquals("-1e999", JsonWriter.number(Double.NEGATIVE_INFINITY));
        String kl = new EvalResult("crossconv-shapes", "shapes", 500, 1, 1, 1, 7,
                Map.of("velocity_kl_circle", MetricSummary.scalar(0.125, 500))).toJson();
        assertTrue(kl.contains("\"velocity_kl_circle\":{\"per_step\":[0.125],\"mean\":0.125,\"ci95\":[null,null]"),
                kl);
        assertEquals("1.0E-5", JsonWriter.number(1e-5));
    }

    private static long longOf(Object o) {
        return ((Json.Number) o).longValueExact();
    }

    private static double doubleOf(Object o) {
        return o == Json.NULL ? Double.NaN : Double.parseDouble(((Json.Number) o).text());
    }

    private static double[] doubles(Object o) {
        return ((List<?>) o).stream().mapToDouble(EvalAccumulatorTest::doubleOf).toArray();
    }
}
