package io.nextframe.models.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Best-of-K selection, the interval arithmetic, infinities and exact merging. */
class MetricAccumulatorTest {
    @Test
    void bestOfKPicksTheSampleWithTheBestMeanOverSteps() {
        MetricAccumulator higher = new MetricAccumulator("ssim_best", Direction.HIGHER_IS_BETTER, Selection.BEST, 3);
        // Sample 1 wins step 0 outright but sample 2 has the best mean (0.7 vs 0.6 and 0.5).
        double[][] scores = {{0.5, 0.5, 0.5}, {0.9, 0.5, 0.4}, {0.6, 0.7, 0.8}};
        assertEquals(2, higher.bestSample(scores));
        assertArrayEquals(scores[2], higher.add(scores));

        MetricAccumulator lower = new MetricAccumulator("mse", Direction.LOWER_IS_BETTER, Selection.BEST, 3);
        assertEquals(0, lower.bestSample(scores));
        // Ties go to the lowest index.
        assertEquals(1, higher.bestSample(new double[][] {{0, 0, 0}, {1, 1, 1}, {2, 0, 1}}));
        // A perfect prediction (PSNR +∞ at a step) wins.
        assertEquals(1, higher.bestSample(new double[][] {{30, 30, 30}, {20, Double.POSITIVE_INFINITY, 20}}));
    }

    @Test
    void perStepMeansAreOverTheChosenSamples() {
        MetricAccumulator acc = new MetricAccumulator("psnr_best", Direction.HIGHER_IS_BETTER, Selection.BEST, 2);
        acc.add(new double[][] {{10, 20}, {12, 30}});   // picks {12, 30}
        acc.add(new double[][] {{40, 10}, {1, 2}});     // picks {40, 10}
        MetricSummary s = acc.summary();
        assertArrayEquals(new double[] {26, 20}, s.perStep());
        assertEquals(23.0, s.mean());
        assertEquals(2, s.sequences());
    }

    @Test
    void meanSelectionAveragesTheSamples() {
        MetricAccumulator acc = new MetricAccumulator("mse", Direction.LOWER_IS_BETTER, Selection.MEAN, 2);
        assertArrayEquals(new double[] {2, 5}, acc.add(new double[][] {{1, 4}, {3, 6}}));
    }

    @Test
    void confidenceIntervalsOnKnownData() {
        MetricAccumulator acc = new MetricAccumulator("x", Direction.HIGHER_IS_BETTER, Selection.BEST, 2);
        // Step 0 sees 1, 2, 3, 4: mean 2.5, sample variance 5/3. Step 1 sees 2, 2, 2, 2: variance 0.
        for (int i = 1; i <= 4; i++) {
            acc.add(new double[][] {{i, 2}});
        }
        MetricSummary s = acc.summary();
        double half0 = 1.96 * Math.sqrt(5.0 / 3) / 2;
        assertEquals(2.5, s.perStep()[0]);
        assertEquals(2.5 - half0, s.perStepLow()[0], 1e-15);
        assertEquals(2.5 + half0, s.perStepHigh()[0], 1e-15);
        assertEquals(2.0, s.perStepLow()[1]);
        assertEquals(2.0, s.perStepHigh()[1]);
        // Sequence means 1.5, 2, 2.5, 3: mean 2.25, sample variance 5/12.
        double half = 1.96 * Math.sqrt(5.0 / 12) / 2;
        assertEquals(2.25, s.mean());
        assertEquals(2.25 - half, s.ciLow(), 1e-15);
        assertEquals(2.25 + half, s.ciHigh(), 1e-15);
    }

    @Test
    void oneSequenceHasNoInterval() {
        MetricAccumulator acc = new MetricAccumulator("x", Direction.HIGHER_IS_BETTER, Selection.BEST, 1);
        acc.add(new double[][] {{0.5}});
        MetricSummary s = acc.summary();
        assertEquals(0.5, s.mean());
        assertTrue(Double.isNaN(s.ciLow()) && Double.isNaN(s.ciHigh()));
    }

    @Test
    void infiniteScoresKeepIeeeSemantics() {
        MetricAccumulator acc = new MetricAccumulator("psnr_best", Direction.HIGHER_IS_BETTER, Selection.BEST, 2);
        acc.add(new double[][] {{Double.POSITIVE_INFINITY, 20}});
        acc.add(new double[][] {{30, 40}});
        MetricSummary s = acc.summary();
        assertEquals(Double.POSITIVE_INFINITY, s.perStep()[0]);
        assertEquals(30.0, s.perStep()[1]);
        assertEquals(Double.POSITIVE_INFINITY, s.mean());
        assertTrue(Double.isNaN(s.perStepLow()[0]) && Double.isNaN(s.ciHigh()));
        assertTrue(!Double.isNaN(s.perStepLow()[1]), "a finite step keeps its interval");
    }

    @Test
    void nanScoresAreRefusedWithTheMetricNamed() {
        MetricAccumulator acc = new MetricAccumulator("ssim_best", Direction.HIGHER_IS_BETTER, Selection.BEST, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> acc.add(new double[][] {{0.5, Double.NaN}}));
        assertTrue(e.getMessage().contains("ssim_best") && e.getMessage().contains("step 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> acc.add(new double[][] {{0.5}}));
        assertThrows(IllegalArgumentException.class, () -> acc.add(new double[0][]));
    }

    @Test
    void mergedPartsGiveBitwiseTheOnePassSummary() {
        Random r = new Random(11);
        int steps = 5;
        List<double[][]> sequences = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            double[][] s = new double[4][steps];
            for (double[] row : s) {
                for (int t = 0; t < steps; t++) {
                    // Mixed magnitudes make plain double sums order-dependent.
                    row[t] = r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
                }
            }
            sequences.add(s);
        }
        MetricAccumulator one = new MetricAccumulator("m", Direction.HIGHER_IS_BETTER, Selection.BEST, steps);
        double naive = 0;
        for (double[][] s : sequences) {
            for (double v : one.add(s)) {
                naive += v;
            }
        }
        MetricSummary reference = one.summary();
        assertEquals(naive / (500.0 * steps), reference.mean(), 1e-12 * Math.abs(naive));

        int orderDependentNaiveSums = 0;
        for (int trial = 0; trial < 5; trial++) {
            List<double[][]> shuffled = new ArrayList<>(sequences);
            Collections.shuffle(shuffled, r);
            double shuffledNaive = 0;
            for (double[][] s : shuffled) {
                for (double v : s[one.bestSample(s)]) {
                    shuffledNaive += v;
                }
            }
            if (shuffledNaive != naive) {
                orderDependentNaiveSums++;
            }
            int parts = 2 + r.nextInt(7);
            List<MetricAccumulator> accs = new ArrayList<>();
            for (int p = 0; p < parts; p++) {
                accs.add(new MetricAccumulator("m", Direction.HIGHER_IS_BETTER, Selection.BEST, steps));
            }
            for (double[][] s : shuffled) {
                accs.get(r.nextInt(parts)).add(s);
            }
            Collections.shuffle(accs, r);
            MetricAccumulator merged = accs.getFirst();
            for (int p = 1; p < parts; p++) {
                merged.merge(accs.get(p));
            }
            assertEquals(reference, merged.summary(), "trial " + trial + " with " + parts + " parts");
        }
        // The data is hard enough that a plain double sum would have failed this test.
        assertTrue(orderDependentNaiveSums > 0, "plain sums happened to be order-independent on this data");
    }

    @Test
    void mergeRefusesADifferentMetric() {
        MetricAccumulator a = new MetricAccumulator("m", Direction.HIGHER_IS_BETTER, Selection.BEST, 3);
        assertThrows(IllegalArgumentException.class,
                () -> a.merge(new MetricAccumulator("m", Direction.HIGHER_IS_BETTER, Selection.BEST, 4)));
        assertThrows(IllegalArgumentException.class,
                () -> a.merge(new MetricAccumulator("m", Direction.LOWER_IS_BETTER, Selection.BEST, 3)));
    }
}
