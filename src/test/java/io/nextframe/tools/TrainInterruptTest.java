package io.nextframe.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user stops training with Ctrl-C / SIGTERM: the process writes a checkpoint for the step it was on and exits;
 * the same command with --resume continues from there. Launched as a real process, as a user runs it.
 */
class TrainInterruptTest {

    private static List<String> java(Path out, long steps, boolean resume) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "train", "dfn", "--data", "mmnist", "--steps", Long.toString(steps), "--checkpoint-every", "100000",
                "--set", "nf=2", "--set", "dynamic_filter_size=3", "--set", "input_seqlen=2",
                "--set", "target_seqlen=2", "--set", "batch_size=1", "--backend", "simd", "--out", out.toString()));
        if (resume) {
            cmd.add("--resume");
        }
        return cmd;
    }

    @Test
    void sigtermWritesACheckpointAndResumeContinues(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("run");
        Path log = dir.resolve("log.txt");
        Process p = new ProcessBuilder(java(out, 1_000_000, false)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && lossRows(out) < 3) {
            Thread.sleep(100);
        }
        assertTrue(lossRows(out) >= 3, "training made progress: " + Files.readString(log));
        p.destroy();                               // SIGTERM: runs the shutdown hooks, as Ctrl-C does
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "exits after the checkpoint");
        String text = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(text.contains("stop requested: checkpoint at step"), text);
        long stoppedAt = Long.parseLong(text.replaceAll("(?s).*checkpoint at step (\\d+).*", "$1"));
        assertFalse(Files.exists(out.resolve("model.safetensors")), "an interrupted run writes no final model");

        CliWorkflowTest.Result r = CliWorkflowTest.run("train", "dfn", "--data", "mmnist", "--steps",
                Long.toString(stoppedAt + 2), "--set", "nf=2", "--set", "dynamic_filter_size=3",
                "--set", "input_seqlen=2", "--set", "target_seqlen=2", "--set", "batch_size=1", "--backend", "simd",
                "--out", out.toString(), "--resume");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("resumed dfn") && r.out().contains("at step " + stoppedAt), r.out());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));

        Path clip = dir.resolve("clip.gif");
        assertEquals(0, CliWorkflowTest.run("dataset", "mmnist", "--frames", "6", "--out", clip.toString()).code());
        Path pred = dir.resolve("pred.npy");
        CliWorkflowTest.Result p2 = CliWorkflowTest.run("predict", "--model", out.resolve("model.safetensors")
                .toString(), "--input", clip.toString(), "--past", "3", "--future", "3", "--samples", "2",
                "--out", pred.toString());
        assertEquals(0, p2.code(), p2.all());
        var f = io.nextframe.data.media.NpyFile.open(pred);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {2, 3, 1, 64, 64}, f.shape());
        float[] v = f.readAll();
        org.junit.jupiter.api.Assertions.assertArrayEquals(java.util.Arrays.copyOf(v, v.length / 2),
                java.util.Arrays.copyOfRange(v, v.length / 2, v.length), "a DFN repeats its one prediction");
    }

    private static long lossRows(Path out) throws IOException {
        Path csv = out.resolve("losses.csv");
        if (!Files.exists(csv)) {
            return 0;
        }
        return Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).count() - 1;
    }
}
