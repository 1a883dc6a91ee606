package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.data.ClipSource;
import io.nextframe.models.train.CheckpointStore;
import io.nextframe.models.train.LossLog;
import io.nextframe.models.train.TrainLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DrNET's training step on the shared loop: loss goes down, resume is exact, checkpoints load, bad data is named. */
class DrnetTrainingTest {
    private final Backend ref = Backends.get("reference");

    /**
     * The reconstruction term (extra column 1) of the last {@code k} rows is below that of the first {@code k}. The
     * total is not used: with 4 clips per batch the content vectors leave a BatchNorm over 4 values, so the
     * similarity term of an untrained net jumps between ≈ 0.2 and ≈ 1 from one frame draw to the next.
     */
    private static void assertDecreases(List<LossLog.Row> rows, int k, String what) {
        double first = rows.subList(0, k).stream().mapToDouble(r -> r.extras().get(1)).average().orElseThrow();
        double last = rows.subList(rows.size() - k, rows.size()).stream().mapToDouble(r -> r.extras().get(1))
                .average().orElseThrow();
        assertTrue(last < first, what + ": reconstruction loss " + first + " → " + last + " " + rows);
    }

    private void trainingReducesTheLoss(Backend be, String contentModel, int steps, Path dir) throws Exception {
        // four clips, batch 4: every step sees the same clips (in another order), the frames vary with the draws
        ClipSource data = DrnetTestData.mmnist(4, 4);
        DrnetConfig c = DrnetTestData.tiny(contentModel);
        try (DrnetRun.Result r = DrnetRun.train(be, c, data, steps, 0, dir, 5, false, DrnetTestData.QUIET)) {
            List<LossLog.Row> rows = r.run().rows();
            assertEquals(steps, rows.size());
            assertDecreases(rows, 2, be.name() + " " + contentModel);
            for (LossLog.Row row : rows) {
                assertEquals(DrnetRun.COLUMNS.size(), row.extras().size());
                double acc = row.extras().get(4);
                assertTrue(acc >= 0 && acc <= 1, "discriminator accuracy " + acc);
                // loss = α·sim + rec + β·sd with α = 1, β = 1e-4
                double expected = row.extras().get(0) + row.extras().get(1) + 1e-4 * row.extras().get(2);
                assertEquals(expected, row.loss(), 1e-6 * Math.max(1, expected));
            }
        }
        assertEquals(DrnetRun.COLUMNS, LossLog.readColumns(dir.resolve(LossLog.FILE)));
        assertEquals(steps, LossLog.read(dir.resolve(LossLog.FILE)).size());
    }

    @Test
    void reducesTheLossOnTheReferenceBackend(@TempDir Path dir) throws Exception {
        trainingReducesTheLoss(ref, "dcgan", 8, dir.resolve("plain"));
        trainingReducesTheLoss(ref, "dcgan_unet", 8, dir.resolve("unet"));
    }

    @Test
    void reducesTheLossOnTheSimdBackend(@TempDir Path dir) throws Exception {
        trainingReducesTheLoss(Backends.get("simd"), "vgg_unet", 5, dir);
    }

    @Test
    void reducesTheLossOnOpenClWhereAvailable(@TempDir Path dir) throws Exception {
        trainingReducesTheLoss(DrnetTestData.openclOrSkip(), "dcgan", 6, dir);
    }

    @Test
    void resumeContinuesBitForBit(@TempDir Path dir) throws Exception {
        ClipSource data = DrnetTestData.mmnist(4, 16);
        DrnetConfig c = DrnetTestData.tiny("dcgan_unet");
        List<LossLog.Row> straight;
        try (DrnetRun.Result r = DrnetRun.train(ref, c, data, 4, 0, dir.resolve("a"), 9, false,
                DrnetTestData.QUIET)) {
            straight = r.run().rows();
        }
        try (DrnetRun.Result r = DrnetRun.train(ref, c, data, 2, 2, dir.resolve("b"), 9, false,
                DrnetTestData.QUIET)) {
            assertEquals(2, r.run().rows().size());
        }
        TrainLoop.Result resumed;
        try (DrnetRun.Result r = DrnetRun.train(ref, c, data, 4, 2, dir.resolve("b"), 9, true,
                DrnetTestData.QUIET)) {
            resumed = r.run();
        }
        assertEquals(2, resumed.firstStep());
        for (int i = 0; i < 4; i++) {
            LossLog.Row a = straight.get(i), b = resumed.rows().get(i);
            assertEquals(a.loss(), b.loss(), "loss of step " + (i + 1));
            assertEquals(a.extras(), b.extras(), "sim, rec, sd, discriminator loss and accuracy of step " + (i + 1));
        }
        // the discriminator's Adam state is in the checkpoint beside the joint optimizer's
        assertTrue(io.nextframe.core.io.SafeTensors.readAll(dir.resolve("b").resolve(CheckpointStore.FILE)).keySet()
                .stream().anyMatch(k -> k.startsWith("optim.netC.netC.main.0.weight")));
    }

    @Test
    void checkpointAndModelFilesRoundTrip(@TempDir Path dir) throws Exception {
        ClipSource data = DrnetTestData.mmnist(4, 8);
        DrnetConfig c = DrnetTestData.tiny("dcgan");
        try (DrnetRun.Result r = DrnetRun.train(ref, c, data, 2, 0, dir, 4, false, DrnetTestData.QUIET)) {
            Path file = dir.resolve("drnet.safetensors");
            DrnetFiles.save(r.model(), file);
            assertEquals("drnet", DrnetFiles.kind(file));
            for (Path p : new Path[] {file, dir.resolve(CheckpointStore.FILE)}) {
                try (DrnetModel back = DrnetFiles.loadDrnet(p, ref)) {
                    assertEquals(c, back.config());
                    r.model().stateDict().forEach((k, t) -> assertArrayEquals(t.toFloatArray(),
                            back.stateDict().get(k).toFloatArray(), k));
                }
            }
            // a drnet file is not a predictor
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> DrnetFiles.loadLstm(file, ref));
            assertTrue(e.getMessage().contains("holds model 'drnet', expected 'drnet-lstm'"), e.getMessage());
            // wrong shapes: a file of another pose size
            try (DrnetModel other = new DrnetModel(ref, c.withSizes(8, 5, 8, 4), 1)) {
                Path bad = dir.resolve("bad.safetensors");
                io.nextframe.core.io.SafeTensors.write(bad, other.hostStateDict(), c.metadata(),
                        io.nextframe.core.io.FileDType.F32);
                ModelFormatException w = assertThrows(ModelFormatException.class, () -> DrnetFiles.loadDrnet(bad, ref));
                assertTrue(w.getMessage().contains("netEP.main.4.weight"), w.getMessage());
            }
        }
    }

    @Test
    void aFileWithoutTheDiscriminatorLoadsLikeAnExportOfTheAuthorsCheckpoint(@TempDir Path dir) throws Exception {
        DrnetConfig c = DrnetTestData.tiny("dcgan");
        try (DrnetModel m = new DrnetModel(ref, c, 6)) {
            java.util.Map<String, io.nextframe.core.io.HostTensor> state = new java.util.LinkedHashMap<>(
                    m.hostStateDict());
            state.keySet().removeIf(k -> k.startsWith("netC."));
            java.util.Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
            meta.remove("format");
            meta.remove("format_version");
            Path file = dir.resolve("export.safetensors");
            io.nextframe.core.io.SafeTensors.write(file, state, meta, io.nextframe.core.io.FileDType.F32);
            try (DrnetModel back = DrnetFiles.loadDrnet(file, ref)) {
                assertArrayEquals(m.stateDict().get("netD.main.6.weight").toFloatArray(),
                        back.stateDict().get("netD.main.6.weight").toFloatArray());
            }
            state.remove("netEP.main.4.weight");
            io.nextframe.core.io.SafeTensors.write(file, state, meta, io.nextframe.core.io.FileDType.F32);
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> DrnetFiles.loadDrnet(file, ref));
            assertTrue(e.getMessage().contains("netEP.main.4.weight"), e.getMessage());
        }
    }

    @Test
    void badTrainingDataIsNamedBeforeCompute(@TempDir Path dir) throws Exception {
        DrnetConfig c = DrnetTestData.tiny("dcgan");
        IllegalArgumentException few = assertThrows(IllegalArgumentException.class, () -> DrnetRun.train(ref, c,
                DrnetTestData.mmnist(3, 4), 1, 0, dir, 1, false, DrnetTestData.QUIET));
        assertTrue(few.getMessage().contains("max_step"), few.getMessage());
        IllegalArgumentException gray = assertThrows(IllegalArgumentException.class, () -> DrnetRun.train(ref,
                c.withModels("dcgan", "dcgan", 1), DrnetTestData.mmnist(4, 4), 1, 0, dir, 1, false,
                DrnetTestData.QUIET));
        assertTrue(gray.getMessage().contains("3 × 64 × 64"), gray.getMessage());
        try (DrnetModel m = new DrnetModel(ref, c, 1); DrnetTrainer t = new DrnetTrainer(m);
             Scope s = ref.scope()) {
            DrnetDraws d = DrnetDraws.of(1, 0, c.maxStep(), 4);
            Tensor small = ref.zeros(Shape.of(4, 4, 3, 32, 32));
            IllegalArgumentException size = assertThrows(IllegalArgumentException.class,
                    () -> t.discriminatorStep(small, d));
            assertTrue(size.getMessage().contains("frame size 32×32"), size.getMessage());
            Tensor one = ref.zeros(Shape.of(1, 4, 3, 64, 64));
            assertThrows(IllegalArgumentException.class, () -> t.loss(one, d));
        }
        // NaN frames: the loop stops naming the step before any update
        ClipSource nan = new ClipSource() {
            final ClipSource base = DrnetTestData.mmnist(4, 4);
            public long size() { return 4; }
            public io.nextframe.data.Clip clip(long i) {
                io.nextframe.data.Clip clip = base.clip(i);
                clip.data()[17] = Float.NaN;
                return clip;
            }
            public int frames() { return 4; }
            public int channels() { return 3; }
            public int height() { return 64; }
            public int width() { return 64; }
        };
        assertThrows(io.nextframe.models.train.NonFiniteLossException.class, () -> DrnetRun.train(ref, c, nan, 2, 0,
                dir.resolve("nan"), 1, false, DrnetTestData.QUIET).close());
    }

    @Test
    void drawsArePureFunctionsOfSeedAndStep() {
        DrnetDraws a = DrnetDraws.of(7, 11, 20, 100), b = DrnetDraws.of(7, 11, 20, 100);
        assertEquals(a.discFrame(), b.discFrame());
        assertArrayEquals(a.permutation(), b.permutation());
        int[] sorted = a.permutation().clone();
        Arrays.sort(sorted);
        for (int i = 0; i < 50; i++) {
            assertEquals(i, sorted[i]);
        }
        boolean differ = false;
        for (int s = 0; s < 50; s++) {
            DrnetDraws d = DrnetDraws.of(7, s, 20, 100);
            for (int r : new int[] {d.discFrame(), d.c2(), d.p1(), d.p2()}) {
                assertTrue(r >= 1 && r <= 19, "r " + r);
            }
            differ |= d.p1() != a.p1();
        }
        assertTrue(differ);
        assertNotEquals(Arrays.toString(DrnetDraws.of(7, 1, 20, 100).permutation()),
                Arrays.toString(DrnetDraws.of(7, 2, 20, 100).permutation()));
    }

    @Test
    void betaZeroIsTheAblationWithoutAdversarialTerm(@TempDir Path dir) throws Exception {
        DrnetConfig c = DrnetTestData.tiny("dcgan").withLosses(1, 0, "bce", false);
        try (DrnetRun.Result r = DrnetRun.train(ref, c, DrnetTestData.mmnist(4, 4), 2, 0, dir, 5, false,
                DrnetTestData.QUIET)) {
            for (LossLog.Row row : r.run().rows()) {
                assertEquals(row.extras().get(0) + row.extras().get(1), row.loss(), 1e-7);
            }
        }
        assertTrue(Files.exists(dir.resolve(TrainLoop.PLOT)));
    }
}
