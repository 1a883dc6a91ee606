package io.nextframe.tools;

import io.nextframe.core.io.Json;
import io.nextframe.data.media.FrameReader;
import io.nextframe.data.media.FrameOptions;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyFile;
import io.nextframe.data.media.NpyType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The train → inspect → predict → eval → convert workflow as a user runs it, on a tiny SVG-LP configuration
 * (seconds), plus the errors a user meets: each must name the problem and give the right exit code.
 */
class CliWorkflowTest {
    @TempDir
    static Path dir;
    static Path model;
    static Path clips;

    record Result(int code, String out, String err) {
        String all() {
            return out + err;
        }
    }

    static Result run(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = Main.run(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    static double num(Object jsonNumber) {
        return Double.parseDouble(((Json.Number) jsonNumber).text());
    }

    @BeforeAll
    static void trainATinyModelAndWriteClips() {
        Path run = dir.resolve("run");
        Result t = run("train", "svg-lp", "--data", "smmnist", "--steps", "3", "--checkpoint-every", "2",
                "--set", "nf=4", "--set", "g_dim=8", "--set", "rnn_size=8", "--set", "z_dim=2",
                "--set", "batch_size=2", "--set", "n_future=3", "--backend", "simd", "--out", run.toString());
        assertEquals(0, t.code(), t.all());
        model = run.resolve("model.safetensors");
        assertTrue(Files.isRegularFile(model), t.all());
        assertTrue(Files.isRegularFile(run.resolve("losses.csv")), "loss CSV");
        assertTrue(Files.isRegularFile(run.resolve("loss.png")), "loss plot");
        clips = dir.resolve("clips.npy");
        Result d = run("dataset", "smmnist", "--count", "2", "--frames", "9", "--out", clips.toString());
        assertEquals(0, d.code(), d.all());
    }

    @Test
    void inspectReportsKindShapesAndParameterCount() {
        Result r = run("inspect", model.toString(), "--json");
        assertEquals(0, r.code(), r.all());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) Json.parse(r.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> meta = (Map<String, Object>) j.get("metadata");
        assertEquals("svg-lp", meta.get("model"));
        assertEquals("8", meta.get("g_dim"));
        assertTrue(num(j.get("values")) > 1000, r.out());
    }

    @Test
    void predictWritesKFCHWPerClipAndABatchAxisForBatchFiles() throws IOException {
        Path out = dir.resolve("p.npy");
        Result r = run("predict", "--model", model.toString(), "--input", clips.toString(), "--past", "5",
                "--future", "4", "--samples", "3", "--backend", "simd", "--out", out.toString());
        assertEquals(0, r.code(), r.all());
        NpyFile f = NpyFile.open(out);
        assertArrayEquals(new long[] {2, 3, 4, 1, 64, 64}, f.shape());
        for (float v : f.readAll()) {
            assertTrue(v >= 0 && v <= 1, "values in [0, 1]: " + v);
        }
        Result again = run("predict", "--model", model.toString(), "--input", clips.toString(), "--past", "5",
                "--future", "4", "--out", out.toString());
        assertEquals(2, again.code(), "existing output without --overwrite is a usage error");
        assertTrue(again.err().contains("--overwrite"), again.err());
    }

    @Test
    void aClipPredictsTheSameAloneAsInsideADirectoryOfClips() throws IOException {
        float[] all = NpyFile.open(clips).readAll();
        int clip = 9 * 64 * 64;
        Path alone = dir.resolve("alone");
        Path many = dir.resolve("many");
        Files.createDirectories(alone);
        Files.createDirectories(many);
        Npy.write(alone.resolve("a.npy"), new int[] {9, 1, 64, 64}, Arrays.copyOf(all, clip), NpyType.FLOAT32);
        Npy.write(many.resolve("a.npy"), new int[] {9, 1, 64, 64}, Arrays.copyOf(all, clip), NpyType.FLOAT32);
        Npy.write(many.resolve("b.npy"), new int[] {9, 1, 64, 64}, Arrays.copyOfRange(all, clip, 2 * clip),
                NpyType.FLOAT32);
        Path single = dir.resolve("single.npy");
        Path outDir = dir.resolve("outs");
        assertEquals(0, run("predict", "--model", model.toString(), "--input", alone.resolve("a.npy").toString(),
                "--samples", "2", "--seed", "9", "--out", single.toString()).code());
        Result r = run("predict", "--model", model.toString(), "--input", many.toString(), "--samples", "2",
                "--seed", "9", "--format", "both", "--out", outDir.toString());
        assertEquals(0, r.code(), r.all());
        assertArrayEquals(NpyFile.open(single).readAll(), NpyFile.open(outDir.resolve("a.npy")).readAll(),
                "same clip id and seed → same samples, alone or among others");
        assertTrue(Files.isRegularFile(outDir.resolve("b.gif")), "--format both writes GIFs too");
        float[] a = NpyFile.open(outDir.resolve("a.npy")).readAll();
        int sample = a.length / 2;
        assertFalse(Arrays.equals(Arrays.copyOf(a, sample), Arrays.copyOfRange(a, sample, a.length)),
                "two samples of a stochastic model differ");
    }

    @Test
    void latentMeanIsDeterministicAndIgnoresTheSeed() throws IOException {
        Path a = dir.resolve("m1.npy"), b = dir.resolve("m2.npy");
        assertEquals(0, run("predict", "--model", model.toString(), "--input", clips.toString(), "--latent", "mean",
                "--seed", "1", "--out", a.toString()).code());
        assertEquals(0, run("predict", "--model", model.toString(), "--input", clips.toString(), "--latent", "mean",
                "--seed", "2", "--out", b.toString()).code());
        assertArrayEquals(NpyFile.open(a).readAll(), NpyFile.open(b).readAll());
    }

    @Test
    void gifOutputShowsTruthAndSamplesSideBySide() throws IOException {
        Path gif = dir.resolve("p.gif");
        Result r = run("predict", "--model", model.toString(), "--input", clips.toString(), "--samples", "2",
                "--future", "4", "--out", gif.toString());
        assertEquals(0, r.code(), r.all());
        var frames = FrameReader.readGif(gif, FrameOptions.asFound());
        assertEquals(9, frames.frames(), "context 5 + 4 predicted frames");
        assertTrue(frames.width() > 3 * 128, "three panels (truth, 2 samples) of 64 px at scale 2");
    }

    @Test
    void evalWritesTheContractJsonAndAPlot() throws IOException {
        Path json = dir.resolve("e.json"), png = dir.resolve("e.png");
        Result r = run("eval", "--model", model.toString(), "--sequences", "3", "--samples", "2", "--future", "5",
                "--json", json.toString(), "--plot", png.toString(), "--quiet");
        assertEquals(0, r.code(), r.all());
        @SuppressWarnings("unchecked")
        Map<String, Object> j = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals("svg-lp", j.get("model"));
        assertEquals(3.0, num(j.get("sequences")));
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) j.get("metrics");
        assertTrue(metrics.keySet().containsAll(List.of("ssim_best", "psnr_best", "mse")), metrics.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> ssim = (Map<String, Object>) metrics.get("ssim_best");
        assertEquals(5, ((List<?>) ssim.get("per_step")).size());
        assertTrue(Files.size(png) > 1000);
        Path both = dir.resolve("both.png");
        Result c = run("eval", "--model", model.toString(), "--sequences", "2", "--future", "5", "--latent", "mean",
                "--plot", both.toString(), "--compare", "earlier=" + json, "--quiet");
        assertEquals(0, c.code(), c.all());
        assertTrue(Files.size(both) > 1000);
    }

    @Test
    void convertToF16KeepsPredictionsCloseAndHalvesTheFile() throws IOException {
        Path f16 = dir.resolve("m16.safetensors");
        Result c = run("convert", "--in", model.toString(), "--out", f16.toString(), "--dtype", "f16");
        assertEquals(0, c.code(), c.all());
        assertTrue(Files.size(f16) < 0.6 * Files.size(model));
        Path a = dir.resolve("c32.npy"), b = dir.resolve("c16.npy");
        assertEquals(0, run("predict", "--model", model.toString(), "--input", clips.toString(), "--latent", "mean",
                "--out", a.toString()).code());
        assertEquals(0, run("predict", "--model", f16.toString(), "--input", clips.toString(), "--latent", "mean",
                "--out", b.toString()).code());
        float[] x = NpyFile.open(a).readAll(), y = NpyFile.open(b).readAll();
        double max = 0;
        for (int i = 0; i < x.length; i++) {
            max = Math.max(max, Math.abs(x[i] - y[i]));
        }
        assertTrue(max < 0.02, "F16 storage changes predictions by " + max);
    }

    @Test
    void badInputIsRefusedWithAMessageNamingIt() throws IOException {
        Result missing = run("predict", "--model", model.toString(), "--input", dir.resolve("nope.npy").toString(),
                "--out", dir.resolve("x.npy").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("nope.npy"), missing.err());

        Path small = dir.resolve("small.npy");
        Npy.write(small, new int[] {6, 32, 32}, new float[6 * 32 * 32], NpyType.FLOAT32);
        Result size = run("predict", "--model", model.toString(), "--input", small.toString(), "--out",
                dir.resolve("y.npy").toString());
        assertEquals(1, size.code());
        assertTrue(size.err().contains("32×32") && size.err().contains("64×64"), size.err());

        float[] nan = new float[6 * 64 * 64];
        nan[3 * 64 * 64 + 5] = Float.NaN;
        Path bad = dir.resolve("nan.npy");
        Npy.write(bad, new int[] {6, 64, 64}, nan, NpyType.FLOAT32);
        Result n = run("predict", "--model", model.toString(), "--input", bad.toString(), "--out",
                dir.resolve("z.npy").toString());
        assertNotEquals(0, n.code());
        assertTrue(n.err().toLowerCase().contains("nan") || n.err().contains("non-finite")
                || n.err().contains("outside"), n.err());

        Result few = run("predict", "--model", model.toString(), "--input", clips.toString(), "--past", "12",
                "--out", dir.resolve("w.npy").toString());
        assertEquals(1, few.code());
        assertTrue(few.err().contains("fewer than --past 12"), few.err());

        Result latent = run("predict", "--model", model.toString(), "--input", clips.toString(), "--latent", "maybe",
                "--out", dir.resolve("v.npy").toString());
        assertEquals(2, latent.code());
        assertTrue(latent.err().contains("--latent"), latent.err());

        Result unknown = run("predict", "--model", "no-such-model", "--input", clips.toString(), "--out",
                dir.resolve("u.npy").toString());
        assertEquals(1, unknown.code());
        assertTrue(unknown.err().contains("svg-lp-smmnist"), "lists the built-in names: " + unknown.err());

        Result set = run("train", "svg-lp", "--steps", "1", "--set", "colour=blue", "--out",
                dir.resolve("t").toString());
        assertEquals(1, set.code());
        assertTrue(set.err().contains("colour") && set.err().contains("g_dim"), set.err());
    }

    @Test
    void analyzeWritesBothSvgDiagnostics() {
        Path out = dir.resolve("analysis");
        Result sigma = run("analyze", "prior-sigma", "--model", model.toString(), "--clips", "2", "--steps", "4",
                "--batch", "2", "--out", out.toString());
        assertEquals(0, sigma.code(), sigma.all());
        assertTrue(sigma.out().contains("σ_ψ near collisions"), sigma.out());
        assertTrue(Files.isRegularFile(out.resolve("prior-sigma.json")) && Files.isRegularFile(out.resolve("prior-sigma.png")));
        Result traj = run("analyze", "trajectories", "--model", model.toString(), "--clips", "1", "--samples", "2",
                "--steps", "4", "--truth", "20", "--batch", "2", "--out", out.toString());
        assertEquals(0, traj.code(), traj.all());
        assertTrue(Files.isRegularFile(out.resolve("trajectory-distribution.json")));
        Result wrong = run("analyze", "colours", "--out", out.toString());
        assertEquals(2, wrong.code(), wrong.all());
    }

    @Test
    void verbsPrintParseableJson() {
        List<String[]> commands = List.of(
                new String[] {"dataset", "smmnist", "--count", "1", "--frames", "6", "--out",
                        dir.resolve("j.npy").toString(), "--json"},
                new String[] {"convert", "--in", model.toString(), "--out", dir.resolve("j.safetensors").toString(),
                        "--dtype", "bf16", "--json"},
                new String[] {"inspect", model.toString(), "--json"},
                new String[] {"models", "--json"},
                new String[] {"predict", "--model", model.toString(), "--input", clips.toString(), "--out",
                        dir.resolve("jp.npy").toString(), "--json"},
                new String[] {"train", "svg-det", "--steps", "1", "--set", "nf=4", "--set", "g_dim=8", "--set",
                        "rnn_size=8", "--set", "batch_size=2", "--backend", "simd", "--out",
                        dir.resolve("jt").toString(), "--json"},
                new String[] {"bench", "--backend", "reference", "--size", "32", "--runs", "1", "--skip-model",
                        "--json"});
        for (String[] c : commands) {
            Result r = run(c);
            assertEquals(0, r.code(), String.join(" ", c) + ": " + r.all());
            Object parsed = Json.parse(r.out().strip());
            assertTrue(parsed instanceof Map || parsed instanceof List, String.join(" ", c) + " → " + r.out());
        }
    }

    @Test
    void modelsListsTheBuiltInNames() {
        Result r = run("models", "--json");
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("svg-lp-smmnist") && r.out().contains("dfn-mmnist"), r.out());
    }
}
