package io.nextframe.tools;

import io.nextframe.core.io.SafeTensors;
import io.nextframe.layers.Checkpoint;
import io.nextframe.models.train.CheckpointStore;
import io.nextframe.models.train.LossLog;
import io.nextframe.models.train.TrainingState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Crash safety of training: a real {@code train dfn} process checkpointing every step is killed with SIGKILL (no
 * shutdown hook runs) at seeded random moments; after each kill the newest checkpoint must parse completely and never
 * go backwards, and the same command with {@code --resume} continues. At the end the loss curve must equal, bit for
 * bit, the curve of one uninterrupted run of the same seed and step count (same backend, same machine).
 *
 * <p>The default variant does 3 kill cycles (CI-fast); the {@code long} variant does
 * {@code -Dnextframe.killCycles=N} cycles (default 100).
 */
class KillResumeTest {

    private static List<String> command(Path out, long steps) {
        return new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "dfn", "--data", "mmnist", "--steps", Long.toString(steps), "--checkpoint-every", "1",
                "--set", "nf=2", "--set", "dynamic_filter_size=3", "--set", "input_seqlen=2",
                "--set", "target_seqlen=2", "--set", "batch_size=1", "--backend", "simd", "--seed", "7",
                "--out", out.toString(), "--resume"));
    }

    /** What a kill campaign measured. */
    record Outcome(int kills, long stepsRecomputed, long maxStepsRecomputed, int maxTempFiles, int tempFilesLeft) {
    }

    @Test
    void sigkillAtRandomMomentsLosesNothing(@TempDir Path dir) throws Exception {
        Outcome o = campaign(dir, 3, 12, 20260101L);
        assertEquals(3, o.kills());
        System.out.println("KillResumeTest: " + o);
    }

    @Test
    @Tag("long")
    void sigkillManyCycles(@TempDir Path dir) throws Exception {
        int cycles = Integer.getInteger("nextframe.killCycles", 100);
        Outcome o = campaign(dir, cycles, 3L * cycles + 6, Long.getLong("nextframe.killSeed", 42L));
        assertEquals(cycles, o.kills());
        System.out.println("KillResumeTest(long): " + o);
    }

    private static Outcome campaign(Path dir, int cycles, long steps, long seed) throws Exception {
        Random rnd = new Random(seed);
        Path killed = dir.resolve("killed");
        Path log = dir.resolve("log.txt");
        long lastCheckpoint = 0;
        long recomputed = 0;
        long maxRecomputed = 0;
        int maxTemps = 0;
        int kills = 0;
        while (kills < cycles) {
            long rowsBefore = lossRows(killed);
            Process p = new ProcessBuilder(command(killed, steps)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            // kill after 0-2 further completed steps plus a random delay, so kills land anywhere in a step:
            // in the forward pass, in the loss-log append, in the checkpoint write or the rename
            long target = rowsBefore + rnd.nextInt(3);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (p.isAlive() && lossRows(killed) < target && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            Thread.sleep(rnd.nextInt(400));
            if (!p.isAlive()) {
                assertEquals(0, p.exitValue(), Files.readString(log));
                fail("the run finished before kill " + (kills + 1) + " of " + cycles + "; raise the step count");
            }
            p.destroyForcibly();                                   // SIGKILL: no shutdown hook, no flush
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            kills++;
            long step = newestCheckpointStep(killed);
            assertTrue(step >= lastCheckpoint, "checkpoint went back from step " + lastCheckpoint + " to " + step);
            lastCheckpoint = step;
            long lost = Math.max(0, lossRows(killed) - step);
            recomputed += lost;
            maxRecomputed = Math.max(maxRecomputed, lost);
            // a kill inside a write leaves its temporary; the next run's first write removes it, so they never pile up
            int temps = temporaries(killed, CheckpointStore.FILE);
            assertTrue(temps <= 1 && temporaries(killed, LossLog.FILE) <= 1, "temporaries pile up after kill "
                    + kills + ": " + temps + " of the checkpoint");
            maxTemps = Math.max(maxTemps, temps);
        }
        Process finish = new ProcessBuilder(command(killed, steps)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(finish.waitFor(300, TimeUnit.SECONDS), "the resumed run finishes");
        assertEquals(0, finish.exitValue(), Files.readString(log));
        assertTrue(Files.isRegularFile(killed.resolve("model.safetensors")));

        Path clean = dir.resolve("clean");
        Process ref = new ProcessBuilder(command(clean, steps)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("clean.txt").toFile()).start();
        assertTrue(ref.waitFor(300, TimeUnit.SECONDS));
        assertEquals(0, ref.exitValue(), Files.readString(dir.resolve("clean.txt")));

        List<LossLog.Row> a = LossLog.read(killed.resolve(LossLog.FILE));
        List<LossLog.Row> b = LossLog.read(clean.resolve(LossLog.FILE));
        assertEquals(steps, b.size());
        assertEquals(b.size(), a.size(), "one row per step after " + kills + " kills");
        for (int i = 0; i < b.size(); i++) {
            assertEquals(b.get(i).step(), a.get(i).step());
            assertEquals(Double.doubleToRawLongBits(b.get(i).loss()), Double.doubleToRawLongBits(a.get(i).loss()),
                    "loss of step " + b.get(i).step() + ": uninterrupted " + b.get(i).loss() + ", killed "
                            + a.get(i).loss());
            assertEquals(b.get(i).lr(), a.get(i).lr());
        }
        int left = temporaries(killed, CheckpointStore.FILE) + temporaries(killed, LossLog.FILE);
        assertEquals(0, left, "temporary files left after the finished run");
        return new Outcome(kills, recomputed, maxRecomputed, maxTemps, left);
    }

    private static int temporaries(Path dir, String target) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return (int) files.map(f -> f.getFileName().toString())
                    .filter(n -> n.startsWith("." + target + ".") && n.endsWith(".tmp")).count();
        }
    }

    /**
     * The step of the newest checkpoint, after checking that it parses completely; 0 before the first. The atomic
     * write means {@code checkpoint.safetensors}, when present, is never torn.
     */
    private static long newestCheckpointStep(Path out) throws IOException {
        CheckpointStore store = new CheckpointStore(out);
        for (Path p : new Path[] {store.current(), store.previous()}) {
            if (Files.isRegularFile(p)) {
                assertFalse(SafeTensors.readAll(p).isEmpty(), p + " holds tensors");
                return TrainingState.fromMetadata(Checkpoint.metadata(p)).step();
            }
        }
        return 0;
    }

    private static long lossRows(Path out) throws IOException {
        Path csv = out.resolve(LossLog.FILE);
        if (!Files.exists(csv)) {
            return 0;
        }
        return LossLog.read(csv).size();
    }
}
