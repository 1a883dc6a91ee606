package io.nextframe.tools;

import io.nextframe.data.media.NpyFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DrNET from the command line: train the autoencoder, then its pose LSTM on top, then predict with that one file. */
class DrnetCliTest {
    @Test
    void trainDrnetThenItsLstmThenPredict(@TempDir Path dir) throws Exception {
        Path drnet = dir.resolve("drnet");
        CliWorkflowTest.Result a = CliWorkflowTest.run("train", "drnet", "--preset", "thesis", "--steps", "2",
                "--set", "nf=4", "--set", "content_dim=8", "--set", "pose_dim=2", "--set", "batch_size=2",
                "--set", "max_step=3", "--set", "sd_nf=8", "--backend", "simd", "--out", drnet.toString());
        assertEquals(0, a.code(), a.all());
        Path lstm = dir.resolve("lstm");
        CliWorkflowTest.Result b = CliWorkflowTest.run("train", "drnet-lstm", "--from",
                drnet.resolve("model.safetensors").toString(), "--steps", "2", "--set", "rnn_size=8",
                "--set", "rnn_layers=1", "--set", "n_past=2", "--set", "n_future=2", "--set", "lstm_batch_size=2",
                "--backend", "simd", "--out", lstm.toString());
        assertEquals(0, b.code(), b.all());
        Path clip = dir.resolve("clip.gif");
        assertEquals(0, CliWorkflowTest.run("dataset", "drnet-mmnist", "--frames", "6", "--out", clip.toString())
                .code());
        Path pred = dir.resolve("p.npy");
        CliWorkflowTest.Result p = CliWorkflowTest.run("predict", "--model", lstm.resolve("model.safetensors")
                .toString(), "--input", clip.toString(), "--past", "2", "--future", "3", "--out", pred.toString());
        assertEquals(0, p.code(), p.all());
        assertArrayEquals(new long[] {1, 3, 3, 64, 64}, NpyFile.open(pred).shape());
        CliWorkflowTest.Result missing = CliWorkflowTest.run("train", "drnet-lstm", "--steps", "1", "--out",
                dir.resolve("x").toString());
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("--from"), missing.err());
        assertTrue(Files.isRegularFile(lstm.resolve("losses.csv")));
    }
}
