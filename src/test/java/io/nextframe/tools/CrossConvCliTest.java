package io.nextframe.tools;

import io.nextframe.core.io.Json;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import io.nextframe.data.Clip;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyFile;
import io.nextframe.data.media.NpyType;
import io.nextframe.data.shapes.Shapes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Cross Convolutional Network from the command line on the tiny configuration (48² Shapes pairs): train (and
 * resume exactly), the AE ablation, predict next frames from one image or a pair, and the velocity-distribution
 * eval with its JSON; bad input names the problem.
 */
class CrossConvCliTest {
    @TempDir
    static Path dir;
    static Path model;

    static List<String> train(Path out, int steps, String... extra) {
        List<String> a = new ArrayList<>(List.of("train", "crossconv", "--data", "shapes", "--preset", "tiny",
                "--steps", Integer.toString(steps), "--checkpoint-every", "2", "--set", "batch_size=2",
                "--set", "train_pairs=32", "--set", "bank_size=6", "--seed", "3", "--backend", "simd",
                "--out", out.toString()));
        a.addAll(List.of(extra));
        return a;
    }

    static CliWorkflowTest.Result run(List<String> args) {
        return CliWorkflowTest.run(args.toArray(String[]::new));
    }

    @BeforeAll
    static void trainATinyModel() {
        Path out = dir.resolve("cvae");
        CliWorkflowTest.Result r = run(train(out, 4));
        assertEquals(0, r.code(), r.all());
        model = out.resolve("model.safetensors");
        assertTrue(Files.isRegularFile(model), r.all());
        assertTrue(Files.isRegularFile(out.resolve("losses.csv")));
        assertTrue(Files.isRegularFile(out.resolve("loss.png")));
        assertTrue(Files.isRegularFile(out.resolve("checkpoint.safetensors")));
    }

    @Test
    void theModelFileNamesItsKindSettingsAndStoresTrainingZ() throws IOException {
        try (SafeTensorsFile f = SafeTensors.read(model)) {
            Map<String, String> m = f.metadata();
            assertEquals("crossconv", m.get("model"));
            assertEquals("48", m.get("input_size"));
            assertEquals("none", m.get("ablation"));
            assertEquals("2", m.get("batch_size"));
            assertEquals("shapes", m.get("data"));
            assertEquals("3", m.get("train_seed"));
            assertArrayEquals(new int[] {6, Integer.parseInt(m.get("z_size"))}, f.shape("latent_bank"));
        }
    }

    @Test
    void aResumedRunContinuesTheLossCurveExactly() throws IOException {
        Path b = dir.resolve("resumed");
        assertEquals(0, run(train(b, 2)).code());
        CliWorkflowTest.Result r = run(train(b, 4, "--resume"));
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("resumed crossconv") && r.out().contains("at step 2"), r.out());
        assertEquals(lossColumn(dir.resolve("cvae")), lossColumn(b));
        CliWorkflowTest.Result changed = run(train(b, 6, "--resume", "--set", "ablation=ae"));
        assertEquals(1, changed.code(), changed.all());
        assertTrue(changed.err().contains("ablation=none") && changed.err().contains("ablation=ae"), changed.err());
    }

    private static List<String> lossColumn(Path run) throws IOException {
        return Files.readAllLines(run.resolve("losses.csv")).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split(",")[0] + "," + l.split(",")[1]).toList();
    }

    /** SIGTERM to a real training process: it checkpoints the step it is on and exits; --resume continues. */
    @Test
    void sigtermCheckpointsAndResumeFinishesTheRun() throws Exception {
        Path out = dir.resolve("term");
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(train(out, 1_000_000));
        Path log = dir.resolve("term.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline && lossRows(out) < 3) {
            Thread.sleep(100);
        }
        assertTrue(lossRows(out) >= 3, "training made progress: " + Files.readString(log));
        p.destroy();
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "exits after the checkpoint");
        String text = Files.readString(log);
        assertTrue(text.contains("stop requested: checkpoint at step"), text);
        long stoppedAt = Long.parseLong(text.replaceAll("(?s).*checkpoint at step (\\d+).*", "$1"));
        assertFalse(Files.exists(out.resolve("model.safetensors")), "an interrupted run writes no model file");
        CliWorkflowTest.Result r = run(train(out, (int) stoppedAt + 1, "--resume"));
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("at step " + stoppedAt), r.out());
        assertTrue(Files.isRegularFile(out.resolve("model.safetensors")));
    }

    private static long lossRows(Path out) throws IOException {
        Path csv = out.resolve("losses.csv");
        return Files.exists(csv) ? Files.readAllLines(csv).stream().filter(l -> !l.isBlank()).count() - 1 : 0;
    }

    @Test
    void theAeAblationTrainsAndBadSettingsAreNamed() throws IOException {
        Path ae = dir.resolve("ae");
        CliWorkflowTest.Result r = run(train(ae, 1, "--set", "ablation=ae", "--json", "-q"));
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("\"kind\": \"crossconv\""), r.out());
        try (SafeTensorsFile f = SafeTensors.read(ae.resolve("model.safetensors"))) {
            assertEquals("ae", f.metadata().get("ablation"));
        }
        CliWorkflowTest.Result unknown = run(train(dir.resolve("x"), 1, "--set", "zdim=3"));
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("--set zdim") && unknown.err().contains("kernel_size"), unknown.err());
        CliWorkflowTest.Result bad = run(train(dir.resolve("x"), 1, "--set", "scales=two"));
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("'scales' = 'two': expected an integer"), bad.err());
        CliWorkflowTest.Result ablation = run(train(dir.resolve("x"), 1, "--set", "ablation=vae"));
        assertEquals(2, ablation.code());
        assertTrue(ablation.err().contains("'ablation' = 'vae'"), ablation.err());
        CliWorkflowTest.Result preset = run(List.of("train", "crossconv", "--preset", "huge", "--steps", "1",
                "--out", dir.resolve("x").toString()));
        assertEquals(2, preset.code());
        assertTrue(preset.err().contains("code, small, tiny"), preset.err());
    }

    /** Writes Shapes pair {@code index} at 48² as a (2, 3, 48, 48) .npy. */
    static Path pair(String name, long index) throws IOException {
        Clip c = new Shapes(Shapes.Config.defaults().withSize(48), 11).pair(index).frames();
        Path p = dir.resolve(name);
        Npy.write(p, new int[] {2, 3, 48, 48}, c.data(), NpyType.FLOAT32);
        return p;
    }

    @Test
    void predictSamplesNextFramesFromOneImageOrThePairsMotion() throws IOException {
        Path in = pair("pair.npy", 0);
        Path out = dir.resolve("next.npy");
        CliWorkflowTest.Result r = CliWorkflowTest.run("predict", "--model", model.toString(), "--input",
                in.toString(), "--samples", "3", "--future", "2", "--out", out.toString());
        assertEquals(0, r.code(), r.all());
        NpyFile f = NpyFile.open(out);
        assertArrayEquals(new long[] {3, 2, 3, 48, 48}, f.shape());
        float[] v = f.readAll();
        for (float x : v) {
            assertTrue(x >= 0 && x <= 1, "in [0, 1]: " + x);
        }
        int per = 2 * 3 * 48 * 48;
        assertFalse(Arrays.equals(Arrays.copyOfRange(v, 0, per), Arrays.copyOfRange(v, per, 2 * per)),
                "samples draw different stored z");
        Path again = dir.resolve("again.npy");
        assertEquals(0, CliWorkflowTest.run("predict", "--model", model.toString(), "--input", in.toString(),
                "--samples", "3", "--future", "2", "--out", again.toString()).code());
        assertArrayEquals(v, NpyFile.open(again).readAll(), "the seed fixes the samples");

        Path mean = dir.resolve("mean.npy");
        assertEquals(0, CliWorkflowTest.run("predict", "--model", model.toString(), "--input", in.toString(),
                "--samples", "2", "--past", "2", "--latent", "mean", "--out", mean.toString()).code());
        float[] m = NpyFile.open(mean).readAll();
        int one = 3 * 48 * 48;
        assertArrayEquals(Arrays.copyOfRange(m, 0, one), Arrays.copyOfRange(m, one, 2 * one),
                "the posterior mean of the pair's motion is one prediction");

        Path gif = dir.resolve("next.gif");
        assertEquals(0, CliWorkflowTest.run("predict", "--model", model.toString(), "--input", in.toString(),
                "--samples", "2", "--out", gif.toString()).code());
        assertTrue(Files.size(gif) > 0);

        Path wrong = dir.resolve("wrong.npy");
        Npy.write(wrong, new int[] {1, 3, 32, 32}, new float[3 * 32 * 32], NpyType.FLOAT32);
        CliWorkflowTest.Result w = CliWorkflowTest.run("predict", "--model", model.toString(), "--input",
                wrong.toString(), "--out", dir.resolve("w.npy").toString());
        assertEquals(1, w.code());
        assertTrue(w.err().contains("32×32") && w.err().contains("48×48"), w.err());
    }

    @Test
    void sampleDrawsNextFramesFromStoredOrPriorZ() throws IOException {
        Path in = pair("sample-pair.npy", 1);
        Path empirical = dir.resolve("s-emp.npy");
        CliWorkflowTest.Result r = CliWorkflowTest.run("sample", "--model", model.toString(), "--input",
                in.toString(), "--samples", "4", "--out", empirical.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("empirical z"), r.out());
        assertArrayEquals(new long[] {4, 3, 24, 24}, NpyFile.open(empirical).shape());
        Path prior = dir.resolve("s-prior.npy");
        assertEquals(0, CliWorkflowTest.run("sample", "--model", model.toString(), "--input", in.toString(),
                "--samples", "4", "--z", "prior", "--out", prior.toString()).code());
        assertFalse(Arrays.equals(NpyFile.open(empirical).readAll(), NpyFile.open(prior).readAll()));
        for (String ext : new String[] {"png", "gif"}) {
            Path f = dir.resolve("s." + ext);
            CliWorkflowTest.Result g = CliWorkflowTest.run("sample", "--model", model.toString(), "--input",
                    in.toString(), "--samples", "3", "--out", f.toString());
            assertEquals(0, g.code(), g.all());
            assertTrue(Files.size(f) > 0);
        }
        // z from a file, one sample per row; a z of another size is refused naming this model's
        Path zFile = dir.resolve("z.npy");
        Npy.write(zFile, new int[] {2, 72}, new float[2 * 72], NpyType.FLOAT32);
        Path fromZ = dir.resolve("s-z.npy");
        CliWorkflowTest.Result zr = CliWorkflowTest.run("sample", "--model", model.toString(), "--input",
                in.toString(), "--z", zFile.toString(), "--out", fromZ.toString());
        assertEquals(0, zr.code(), zr.all());
        assertArrayEquals(new long[] {2, 3, 24, 24}, NpyFile.open(fromZ).shape());
        float[] zs = NpyFile.open(fromZ).readAll();
        assertArrayEquals(Arrays.copyOfRange(zs, 0, zs.length / 2), Arrays.copyOfRange(zs, zs.length / 2, zs.length),
                "equal z rows give equal frames");
        Path badZFile = dir.resolve("bad-z.npy");
        Npy.write(badZFile, new int[] {2, 50}, new float[100], NpyType.FLOAT32);
        CliWorkflowTest.Result wrongZ = CliWorkflowTest.run("sample", "--model", model.toString(), "--input",
                in.toString(), "--z", badZFile.toString(), "--out", dir.resolve("n.npy").toString());
        assertEquals(2, wrongZ.code());
        assertTrue(wrongZ.err().contains("[2, 50]") && wrongZ.err().contains("expected (72), (N, 72) or (N, 8, 3, 3)"),
                wrongZ.err());
        // the zero-shot analogy: the motion of another pair applied to the input
        Path analogy = dir.resolve("s-analogy.npy");
        CliWorkflowTest.Result an = CliWorkflowTest.run("sample", "--model", model.toString(), "--input",
                in.toString(), "--motion", pair("motion.npy", 5).toString(), "--latent", "mean", "--samples", "2",
                "--out", analogy.toString());
        assertEquals(0, an.code(), an.all());
        float[] av = NpyFile.open(analogy).readAll();
        assertArrayEquals(Arrays.copyOfRange(av, 0, av.length / 2), Arrays.copyOfRange(av, av.length / 2, av.length));
        Path single = dir.resolve("single.npy");
        Npy.write(single, new int[] {1, 3, 48, 48}, new float[3 * 48 * 48], NpyType.FLOAT32);
        CliWorkflowTest.Result oneFrame = CliWorkflowTest.run("sample", "--model", model.toString(), "--input",
                in.toString(), "--motion", single.toString(), "--out", dir.resolve("n.npy").toString());
        assertEquals(2, oneFrame.code());
        assertTrue(oneFrame.err().contains("expected a pair"), oneFrame.err());

        CliWorkflowTest.Result noInput = CliWorkflowTest.run("sample", "--model", model.toString(), "--out",
                dir.resolve("n.npy").toString());
        assertEquals(2, noInput.code());
        assertTrue(noInput.err().contains("--input"), noInput.err());
        CliWorkflowTest.Result badZ = CliWorkflowTest.run("sample", "--model", model.toString(), "--input",
                in.toString(), "--z", "posterior", "--out", dir.resolve("n.npy").toString());
        assertEquals(2, badZ.code());
        assertTrue(badZ.err().contains("expected empirical, prior or a .npy"), badZ.err());
        Path checkpoint = dir.resolve("cvae").resolve("checkpoint.safetensors");
        CliWorkflowTest.Result noBank = CliWorkflowTest.run("sample", "--model", checkpoint.toString(), "--input",
                in.toString(), "--z", "empirical", "--out", dir.resolve("n.npy").toString());
        assertEquals(2, noBank.code());
        assertTrue(noBank.err().contains("stores no training z"), noBank.err());
    }

    @Test
    void evalPrintsTheFig5TableAndTheContractJson() throws IOException {
        Path ae = dir.resolve("ae-eval");
        assertEquals(0, run(train(ae, 1, "--set", "ablation=ae", "-q")).code());
        Path json = dir.resolve("eval.json");
        CliWorkflowTest.Result r = CliWorkflowTest.run("eval", "--model", model.toString(), "--data", "shapes",
                "--sequences", "3", "--samples", "2", "--flow-pairs", "8", "--bootstrap", "10", "--baseline",
                ae.resolve("model.safetensors").toString(), "--backend", "simd", "--json", json.toString(), "-q");
        assertEquals(0, r.code(), r.all());
        for (String row : new String[] {"| Method | Circles | Squares | Triangles | Circles-Triangles |",
            "| Cross Convolutional Network (empirical z) |", "| Cross Convolutional Network (prior z) |",
            "| AE [model.safetensors] (empirical z) |", "| Flow (10-NN transfer of true motion) |",
            "| Flow (10-NN, rendered and measured) |",
            "| Estimator on real next frames (floor) |"}) {
            assertTrue(r.out().contains(row), row + " in\n" + r.out());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> top = (Map<String, Object>) Json.parse(Files.readString(json));
        assertEquals("crossconv", top.get("model"));
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) top.get("metrics");
        for (String k : new String[] {"velocity_kl_circles", "velocity_kl_squares", "velocity_kl_triangles",
            "velocity_kl_circles_triangles"}) {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) metrics.get(k);
            double mean = CliWorkflowTest.num(m.get("mean"));
            List<?> ci = (List<?>) m.get("ci95");
            assertTrue(mean >= 0 && CliWorkflowTest.num(ci.get(0)) <= CliWorkflowTest.num(ci.get(1)), k);
            assertEquals(mean, CliWorkflowTest.num(((List<?>) m.get("per_step")).get(0)), 1e-6);
        }
        assertEquals(6, ((List<?>) top.get("table")).size());
        assertTrue(r.out().contains("latent statistics of 6 stored training z means"), r.out());
        assertEquals(2, ((List<?>) top.get("latent_statistics")).size());

        CliWorkflowTest.Result otherData = CliWorkflowTest.run("eval", "--model", model.toString(), "--data",
                "mmnist");
        assertEquals(2, otherData.code());
        assertTrue(otherData.err().contains("--data shapes"), otherData.err());
        CliWorkflowTest.Result notCrossConv = CliWorkflowTest.run("eval", "--model", "svg-lp-smmnist", "--baseline",
                model.toString());
        assertEquals(2, notCrossConv.code());
        assertTrue(notCrossConv.err().contains("apply to crossconv models"), notCrossConv.err());
        CliWorkflowTest.Result past = CliWorkflowTest.run("eval", "--model", model.toString(), "--past", "3");
        assertEquals(2, past.code());
        assertTrue(past.err().contains("--past does not apply"), past.err());
    }
}
