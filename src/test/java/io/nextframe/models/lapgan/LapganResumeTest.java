package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.data.mnist.Digits;
import io.nextframe.layers.Checkpoint;
import io.nextframe.models.train.CheckpointStore;
import io.nextframe.models.train.LossLog;
import io.nextframe.models.train.TrainLoop;
import io.nextframe.testing.TestBackends;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LAPGAN on the shared training loop: K steps in one run equal K/2 steps, a checkpoint and a resumed K/2 steps, bit
 * for bit (loss rows and every weight of every player), with class conditioning and discriminator dropout on, over
 * an epoch boundary of the shuffled digits; on every backend (same backend, same thread count: CONTRACTS §3).
 */
class LapganResumeTest {
    private static final LapganConfig CFG = new LapganConfig(1, 8, 2, 8, 16, 4, 4, 10, LevelArch.COMPACT, 0.5f);
    private static final int STEPS = 8;

    /** 20 synthetic 8-px "digits" (5 batches of 4 per epoch), labels i mod 10. */
    static Digits digits() {
        int n = 20;
        float[][] images = new float[n][64];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int p = 0; p < 64; p++) {
                int y = p / 8, x = p % 8;
                images[i][p] = Math.abs(x - 3.5f - (i % 3)) + Math.abs(y - 3.5f) < 2 + i % 4 ? 1f : 0.1f * (i % 5);
            }
        }
        return new Digits(8, images, labels);
    }

    private static Map<String, HostTensor> train(Backend be, Path out, long steps, boolean resume) throws IOException {
        try (LapganRun.Result r = LapganRun.train(be, CFG, LapganFiles.BLOCK_MEAN_BILINEAR, digits(), 4, steps, 2e-3,
                9, 100, out, resume, new PrintStream(new ByteArrayOutputStream()))) {
            assertEquals(resume ? STEPS / 2 : 0, r.run().firstStep());
            return r.model().hostStateDict();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "simd", "opencl"})
    void resumedRunEqualsTheUninterruptedOneBitwise(String backend, @TempDir Path dir) throws IOException {
        Backend be = TestBackends.sharedOrSkip(backend);
        Map<String, HostTensor> full = train(be, dir.resolve("a"), STEPS, false);
        Map<String, HostTensor> half = train(be, dir.resolve("b"), STEPS / 2, false);
        Map<String, HostTensor> resumed = train(be, dir.resolve("b"), STEPS, true);

        List<LossLog.Row> a = LossLog.read(dir.resolve("a").resolve(LossLog.FILE));
        List<LossLog.Row> b = LossLog.read(dir.resolve("b").resolve(LossLog.FILE));
        assertEquals(LapganRun.columns(2), LossLog.readColumns(dir.resolve("a").resolve(LossLog.FILE)));
        assertEquals(STEPS, a.size());
        assertEquals(STEPS, b.size());
        for (int i = 0; i < STEPS; i++) {
            assertEquals(a.get(i).step(), b.get(i).step());
            assertEquals(Double.doubleToRawLongBits(a.get(i).loss()), Double.doubleToRawLongBits(b.get(i).loss()),
                    "step " + (i + 1) + ": " + a.get(i).loss() + " vs " + b.get(i).loss());
            assertEquals(a.get(i).extras(), b.get(i).extras(), "step " + (i + 1));
            // the loss column is the sum of the three generators' losses (added in float32)
            List<Double> e = a.get(i).extras();
            assertEquals(e.get(2) + e.get(4) + e.get(6), a.get(i).loss(), 1e-5 * a.get(i).loss());
        }
        assertEquals(full.keySet(), resumed.keySet());
        assertTrue(full.keySet().containsAll(List.of("g0.c1.weight", "d1.out.weight", "gc.l1.weight",
                "dc.out.bias")), full.keySet().toString());
        full.forEach((k, t) -> assertArrayEquals(t.data(), resumed.get(k).data(), k));
        // the second half changed the weights (the comparison above is not between two copies of a checkpoint)
        assertTrue(full.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(full.get(k).data(),
                half.get(k).data())));

        Path ckpt = dir.resolve("a").resolve(CheckpointStore.FILE);
        Map<String, String> meta = Checkpoint.metadata(ckpt);
        assertEquals("lapgan", meta.get("model"));
        assertEquals("8", meta.get("train.step"));
        // dropout masks continue where they stopped: the discriminators' counters are in the checkpoint
        assertNotEquals("0", meta.get("train.rng.module.d0.dropout"), meta.toString());
        assertTrue(meta.containsKey("train.rng.module.dc.drop2"), meta.toString());
        var keys = SafeTensors.readAll(ckpt).keySet();
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("optim.adam.g0.")), keys.toString());
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("optim." + LapganRun.DISCRIMINATORS + ".dc.")),
                keys.toString());
        assertTrue(Files.size(dir.resolve("a").resolve(TrainLoop.PLOT)) > 0);
        // the checkpoint loads as a plain LAPGAN model file
        try (LapganFiles.Loaded l = LapganFiles.load(ckpt, be)) {
            assertEquals(CFG, l.model().config());
        }
    }
}
