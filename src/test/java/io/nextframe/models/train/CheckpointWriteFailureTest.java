package io.nextframe.models.train;

import io.nextframe.core.io.AtomicFiles;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.layers.optim.Adam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The disk fills up while a checkpoint is written: the write fails midway (after some bytes reached the temporary
 * file), the error names the checkpoint file and the step, no partial or temporary file is left, and the last
 * complete checkpoint still loads with the model and optimizer state it held.
 */
class CheckpointWriteFailureTest {

    /** Writes the real safetensors bytes up to a point, then fails as a full disk does. */
    private static CheckpointStore.Writer diskFullAfter(int bytes) {
        return (file, tensors, meta) -> {
            Path whole = Files.createTempFile("whole", ".safetensors");
            try {
                SafeTensors.write(whole, tensors, meta, FileDType.F32);
                byte[] all = Files.readAllBytes(whole);
                AtomicFiles.write(file, ch -> {
                    ch.write(ByteBuffer.wrap(all, 0, Math.min(bytes, all.length)));
                    throw new IOException("No space left on device");
                });
            } finally {
                Files.deleteIfExists(whole);
            }
        };
    }

    @Test
    void aFailedWriteKeepsTheLastCheckpointLoadable(@TempDir Path dir) throws IOException {
        try (TrainLoopTest.Tiny m = new TrainLoopTest.Tiny();
             Adam adam = new Adam(m.trainableParameters(), 0.05)) {
            CheckpointStore good = new CheckpointStore(dir);
            good.save(m, adam, "dfn", Map.of(), new TrainingState(3, 1, Map.of(), Map.of()));
            good.save(m, adam, "dfn", Map.of(), new TrainingState(4, 1, Map.of(), Map.of()));
            float[] weights = m.hostStateDict().values().iterator().next().data().clone();
            assertFalse(java.util.Arrays.equals(weights, new float[weights.length]), "non-zero weights to compare");

            CheckpointStore full = new CheckpointStore(dir, diskFullAfter(100));
            IOException e = assertThrows(IOException.class, () -> full.save(m, adam, "dfn", Map.of(),
                    new TrainingState(5, 1, Map.of(), Map.of())));
            assertTrue(e.getMessage().contains(good.current().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("step 5") && e.getMessage().contains("No space left on device")
                    && e.getMessage().contains(good.previous().toString()), e.getMessage());

            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(java.util.List.of(CheckpointStore.PREVIOUS),
                        files.map(f -> f.getFileName().toString()).toList(), "no torn or temporary file");
            }
            // the next resume loads the step-4 checkpoint, bit for bit
            try (TrainLoopTest.Tiny fresh = new TrainLoopTest.Tiny();
                 Adam freshAdam = new Adam(fresh.trainableParameters(), 0.05)) {
                Map<String, io.nextframe.core.io.HostTensor> zeros = new java.util.LinkedHashMap<>();
                fresh.hostStateDict().forEach((k, t) -> zeros.put(k, new io.nextframe.core.io.HostTensor(t.shape(),
                        new float[t.data().length])));
                fresh.load(zeros, true);              // so that equal weights below come from the file
                TrainingState s = good.load(fresh, freshAdam, "dfn");
                assertEquals(4, s.step());
                assertArrayEquals(weights, fresh.hostStateDict().values().iterator().next().data());
            }
            // and the disk freed again, training checkpoints on as before
            good.save(m, adam, "dfn", Map.of(), new TrainingState(5, 1, Map.of(), Map.of()));
            assertTrue(Files.isRegularFile(good.current()) && Files.isRegularFile(good.previous()));
            assertEquals(5, TrainingState.fromMetadata(
                    io.nextframe.layers.Checkpoint.metadata(good.current())).step());
        }
    }

    @Test
    void temporariesOfAKilledWriteAreRemovedByTheNextSave(@TempDir Path dir) throws IOException {
        Path stale = Files.write(dir.resolve("." + CheckpointStore.FILE + ".3fa9c2d4e5b6a7f8.tmp"), new byte[64]);
        Path unrelated = Files.write(dir.resolve(".notes.txt.1234.tmp"), new byte[1]);
        try (TrainLoopTest.Tiny m = new TrainLoopTest.Tiny();
             Adam adam = new Adam(m.trainableParameters(), 0.05)) {
            new CheckpointStore(dir).save(m, adam, "dfn", Map.of(), new TrainingState(1, 1, Map.of(), Map.of()));
        }
        assertFalse(Files.exists(stale), "the killed write's temporary is gone");
        assertTrue(Files.exists(unrelated), "other files stay");
    }

    @Test
    void theFirstCheckpointFailingSaysNoneExists(@TempDir Path dir) {
        try (TrainLoopTest.Tiny m = new TrainLoopTest.Tiny();
             Adam adam = new Adam(m.trainableParameters(), 0.05)) {
            CheckpointStore full = new CheckpointStore(dir, diskFullAfter(0));
            IOException e = assertThrows(IOException.class, () -> full.save(m, adam, "dfn", Map.of(),
                    new TrainingState(1, 1, Map.of(), Map.of())));
            assertTrue(e.getMessage().contains("no earlier checkpoint exists"), e.getMessage());
            assertFalse(full.exists());
        }
    }
}
