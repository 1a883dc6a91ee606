package io.nextframe.data;

import io.nextframe.data.pipeline.Batch;
import io.nextframe.data.pipeline.BatchLoader;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BatchLoaderTest {
    /** Clip i is filled with i; a slow variant sleeps to shake the worker timing. */
    static ClipSource numbered(long size, boolean slow, AtomicInteger calls) {
        return new ClipSource() {
            public long size() { return size; }
            public Clip clip(long i) {
                calls.incrementAndGet();
                if (slow && i % 3 == 0) {
                    try {
                        Thread.sleep(2);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                float[] d = new float[4];
                java.util.Arrays.fill(d, i);
                return new Clip(1, 1, 2, 2, d);
            }
            public int frames() { return 1; }
            public int channels() { return 1; }
            public int height() { return 2; }
            public int width() { return 2; }
        };
    }

    @Test
    void everyEpochIsAPermutationAndEpochsDiffer() {
        var opts = BatchLoader.Options.of(4, 7).withMaxSteps(6);
        try (var loader = new BatchLoader(numbered(10, false, new AtomicInteger()), opts)) {
            assertEquals(3, loader.batchesPerEpoch());
            Set<Long> epoch0 = new HashSet<>();
            Set<Long> epoch1 = new HashSet<>();
            StringBuilder order0 = new StringBuilder();
            StringBuilder order1 = new StringBuilder();
            for (int s = 0; s < 6; s++) {
                Batch b = loader.next();
                assertEquals(s, b.step());
                assertEquals(s % 3 == 2 ? 2 : 4, b.size(), "last batch of an epoch is short");
                for (int i = 0; i < b.size(); i++) {
                    long idx = b.indices()[i];
                    assertEquals((float) idx, b.data()[i * 4], "batch holds the clips it names");
                    (s < 3 ? epoch0 : epoch1).add(idx);
                    (s < 3 ? order0 : order1).append(idx).append(',');
                }
            }
            assertEquals(10, epoch0.size());
            assertEquals(10, epoch1.size());
            assertFalse(order0.toString().equals(order1.toString()), "reshuffled");
            assertFalse(loader.hasNext());
        }
    }

    @Test
    void resultDoesNotDependOnWorkersOrTiming() {
        var base = BatchLoader.Options.of(5, 3).withMaxSteps(40);
        float[][] one = collect(new BatchLoader(numbered(37, false, new AtomicInteger()), base.withWorkers(1)), 40);
        float[][] four = collect(new BatchLoader(numbered(37, true, new AtomicInteger()),
                base.withWorkers(4).withPrefetch(8)), 40);
        for (int s = 0; s < 40; s++) {
            assertArrayEquals(one[s], four[s], "step " + s);
        }
    }

    @Test
    void resumesExactlyFromASavedPosition() {
        var opts = BatchLoader.Options.of(3, 11).withMaxSteps(20);
        float[][] all = collect(new BatchLoader(numbered(8, false, new AtomicInteger()), opts), 20);
        Map<String, String> state;
        try (var first = new BatchLoader(numbered(8, false, new AtomicInteger()), opts)) {
            for (int s = 0; s < 7; s++) {
                first.next();
            }
            state = first.state();
        }
        assertEquals("7", state.get("data.step"));
        try (var resumed = BatchLoader.restore(numbered(8, false, new AtomicInteger()), opts, state)) {
            for (int s = 7; s < 20; s++) {
                assertArrayEquals(all[s], resumed.next().data(), "step " + s);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> BatchLoader.restore(
                numbered(8, false, new AtomicInteger()), BatchLoader.Options.of(3, 12), state));
    }

    @Test
    void prefetchIsBoundedAndEndlessSourcesRunInOrder() throws InterruptedException {
        AtomicInteger calls = new AtomicInteger();
        var opts = BatchLoader.Options.of(2, 0).withPrefetch(3);
        try (var loader = new BatchLoader(numbered(Long.MAX_VALUE, false, calls), opts)) {
            Batch b = loader.next();
            assertArrayEquals(new long[] {0, 1}, b.indices());
            assertArrayEquals(new long[] {2, 3}, loader.next().indices());
            Thread.sleep(100);
            assertTrue(calls.get() <= 2 * (2 + 3), "at most prefetch batches ahead: " + calls.get());
        }
    }

    @Test
    void generatorErrorsReachTheCaller() {
        ClipSource broken = new ClipSource() {
            public long size() { return 5; }
            public Clip clip(long i) { throw new DataFormatException("clip-" + i, "broken"); }
            public int frames() { return 1; }
            public int channels() { return 1; }
            public int height() { return 1; }
            public int width() { return 1; }
        };
        try (var loader = new BatchLoader(broken, BatchLoader.Options.of(2, 0).withShuffle(false))) {
            DataFormatException e = assertThrows(DataFormatException.class, loader::next);
            assertTrue(e.getMessage().contains("clip-0"));
        }
    }

    private static float[][] collect(BatchLoader loader, int steps) {
        try (loader) {
            float[][] out = new float[steps][];
            for (int s = 0; s < steps; s++) {
                out[s] = loader.next().data();
            }
            return out;
        }
    }
}
