package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import io.nextframe.data.media.NpyFile;
import io.nextframe.models.api.Sampler;
import io.nextframe.models.api.Samplers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LAPGAN from the command line: train a tiny class-conditional model, sample it to .npy/.png, and the user errors. */
class GanCliTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void trainTinyLapgan() {
        Path run = dir.resolve("lapgan");
        CliWorkflowTest.Result t = CliWorkflowTest.run("train", "lapgan", "--data", "mnist", "--steps", "2",
                "--set", "side=8", "--set", "levels=2", "--set", "arch=compact", "--set", "coarse_noise=8",
                "--set", "coarse_hidden=16", "--set", "level_width=4", "--set", "discriminator_width=4",
                "--set", "discriminator_dropout=0", "--set", "classes=10", "--set", "batch_size=4",
                "--backend", "simd", "--out", run.toString());
        assertEquals(0, t.code(), t.all());
        assertTrue(t.out().contains("step 2/2"), t.out());
        model = run.resolve("model.safetensors");
        assertTrue(Files.isRegularFile(model));
    }

    @Test
    void samplesToNpyAreImagesInUnitRangeAndDoNotDependOnCount() throws Exception {
        Path five = dir.resolve("five.npy"), three = dir.resolve("three.npy");
        CliWorkflowTest.Result a = CliWorkflowTest.run("sample", "--model", model.toString(), "--samples", "5",
                "--seed", "7", "--backend", "simd", "--out", five.toString());
        assertEquals(0, a.code(), a.all());
        assertEquals(0, CliWorkflowTest.run("sample", "--model", model.toString(), "--samples", "3", "--seed", "7",
                "--backend", "simd", "--out", three.toString()).code());
        NpyFile f = NpyFile.open(five);
        assertArrayEquals(new long[] {5, 1, 8, 8}, f.shape());
        float[] v = f.readAll();
        for (float x : v) {
            assertTrue(x >= 0f && x <= 1f, "sample value " + x + " outside [0, 1]");
        }
        assertTrue(Arrays.stream(toDouble(v)).distinct().count() > 2, "samples are constant");
        assertArrayEquals(Arrays.copyOf(v, 3 * 64), NpyFile.open(three).readAll());
    }

    @Test
    void samplesToPngWithLabels() {
        Path png = dir.resolve("digits.png");
        CliWorkflowTest.Result r = CliWorkflowTest.run("sample", "--model", model.toString(), "--samples", "3",
                "--labels", "1,2,3", "--backend", "simd", "--out", png.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("lapgan"), r.out());
        assertTrue(Files.isRegularFile(png));
    }

    @Test
    void labelsAreValidated() {
        Path out = dir.resolve("bad.npy");
        CliWorkflowTest.Result range = CliWorkflowTest.run("sample", "--model", model.toString(), "--samples", "2",
                "--labels", "3,10", "--out", out.toString());
        assertEquals(2, range.code(), range.all());
        assertTrue(range.err().contains("class 10 outside 0 … 9"), range.err());
        CliWorkflowTest.Result count = CliWorkflowTest.run("sample", "--model", model.toString(), "--samples", "3",
                "--labels", "1,2", "--out", out.toString());
        assertEquals(2, count.code(), count.all());
        assertTrue(count.err().contains("--labels has 2 values"), count.err());
        CliWorkflowTest.Result unknown = CliWorkflowTest.run("train", "lapgan", "--steps", "1", "--set",
                "widht=3", "--out", dir.resolve("x").toString());
        assertEquals(2, unknown.code(), unknown.all());
        assertTrue(unknown.err().contains("widht"), unknown.err());
    }

    @Test
    void fileOfWrongShapeOrKindIsAClearError() throws Exception {
        Map<String, HostTensor> state = new LinkedHashMap<>();
        Map<String, String> meta;
        try (SafeTensorsFile f = SafeTensors.read(model)) {
            meta = new LinkedHashMap<>(f.metadata());
            for (String n : f.names()) {
                state.put(n, f.host(n));
            }
        }
        Path wide = dir.resolve("wide.safetensors");
        Map<String, String> wider = new LinkedHashMap<>(meta);
        wider.put("level_width", "5");
        SafeTensors.write(wide, state, wider, FileDType.F32);
        Path other = dir.resolve("other.safetensors");
        Map<String, String> svg = new LinkedHashMap<>(meta);
        svg.put("model", "svg-lp");
        SafeTensors.write(other, state, svg, FileDType.F32);
        try (Backend b = Backends.open("reference")) {
            var e = assertThrows(ModelFormatException.class, () -> Samplers.load(wide, b));
            assertTrue(e.getMessage().contains("does not fit lapgan"), e.getMessage());
            var k = assertThrows(ModelFormatException.class, () -> Samplers.load(other, b));
            assertTrue(k.getMessage().contains("svg-lp"), k.getMessage());
            try (Sampler s = Samplers.load(model, b)) {
                assertEquals(10, s.classes());
                assertEquals(1, s.frames());
                assertEquals("lapgan", s.metadata().get("model"));
                assertThrows(IllegalArgumentException.class, () -> s.sample(2, 1, new int[] {0}));
            }
        }
    }

    @Test
    void videoGanTwoStreamTrainsAndSamplesVideos() throws Exception {
        Path run = dir.resolve("vg");
        CliWorkflowTest.Result t = CliWorkflowTest.run("train", "videogan-2s", "--data", "mmnist", "--steps", "1",
                "--set", "size=8", "--set", "frames=4", "--set", "noise=4", "--set", "base_width=4",
                "--set", "critic_width=2", "--set", "batch_size=2", "--set", "n_critic=1", "--backend", "simd",
                "--out", run.toString());
        assertEquals(0, t.code(), t.all());
        Path npy = dir.resolve("videos.npy");
        CliWorkflowTest.Result s = CliWorkflowTest.run("sample", "--model", run.resolve("model.safetensors")
                .toString(), "--samples", "2", "--backend", "simd", "--out", npy.toString());
        assertEquals(0, s.code(), s.all());
        NpyFile f = NpyFile.open(npy);
        assertArrayEquals(new long[] {2, 4, 1, 8, 8}, f.shape());
        float[] v = f.readAll();
        for (float x : v) {
            assertTrue(x >= 0f && x <= 1f, "sample value " + x + " outside [0, 1]");
        }
        assertTrue(Arrays.stream(toDouble(v)).distinct().count() > 2, "videos are constant");
        CliWorkflowTest.Result labels = CliWorkflowTest.run("sample", "--model", run.resolve("model.safetensors")
                .toString(), "--samples", "1", "--labels", "0", "--out", dir.resolve("l.npy").toString());
        assertEquals(2, labels.code(), labels.all());
        assertTrue(labels.err().contains("unconditional"), labels.err());
    }

    @Test
    void conditionalVideoGanAnimatesAPhotoThroughPredict() throws Exception {
        Path run = dir.resolve("vgc");
        CliWorkflowTest.Result t = CliWorkflowTest.run("train", "videogan-2s-cond", "--data", "mmnist", "--steps",
                "1", "--set", "size=8", "--set", "frames=4", "--set", "noise=4", "--set", "base_width=4",
                "--set", "critic_width=2", "--set", "batch_size=2", "--set", "n_critic=1", "--backend", "simd",
                "--out", run.toString());
        assertEquals(0, t.code(), t.all());
        Path model = run.resolve("model.safetensors");
        Path photo = dir.resolve("photo.npy");
        float[] frame = new float[64];
        for (int i = 0; i < 64; i++) {
            frame[i] = (i % 9) / 8f;
        }
        io.nextframe.data.media.Npy.write(photo, new int[] {1, 1, 1, 8, 8}, frame,
                io.nextframe.data.media.NpyType.FLOAT32);
        Path pred = dir.resolve("animated.npy");
        CliWorkflowTest.Result p = CliWorkflowTest.run("predict", "--model", model.toString(), "--input",
                photo.toString(), "--past", "1", "--future", "1", "--backend", "simd", "--out", pred.toString());
        assertEquals(0, p.code(), p.all());
        NpyFile f = NpyFile.open(pred);
        long[] shape = f.shape();
        // … × (future 1, C 1, 8, 8): one frame after the photo
        assertArrayEquals(new long[] {1, 1, 8, 8}, Arrays.copyOfRange(shape, shape.length - 4, shape.length),
                Arrays.toString(shape));
        for (float x : f.readAll()) {
            assertTrue(x >= 0f && x <= 1f, "frame value " + x + " outside [0, 1]");
        }
        CliWorkflowTest.Result far = CliWorkflowTest.run("predict", "--model", model.toString(), "--input",
                photo.toString(), "--past", "1", "--future", "3", "--out", dir.resolve("far.npy").toString());
        assertTrue(far.code() != 0, far.all());
        assertTrue(far.err().contains("--future 3 must be in 1 … 2"), far.err());
        Path early = dir.resolve("early.npy");
        CliWorkflowTest.Result at0 = CliWorkflowTest.run("predict", "--model", model.toString(), "--input",
                photo.toString(), "--past", "1", "--future", "3", "--position", "0", "--backend", "simd", "--out",
                early.toString());
        assertEquals(0, at0.code(), at0.all());
        float[] e3 = NpyFile.open(early).readAll();
        // with the photo at frame 0, frame 2 of the generated clip is the second predicted frame; at the default
        // position 1 (T/2 − 1, the 16th of 32 frames in training) it is the first: same generator output either way
        assertArrayEquals(f.readAll(), Arrays.copyOfRange(e3, 64, 2 * 64));
        CliWorkflowTest.Result badPos = CliWorkflowTest.run("predict", "--model", model.toString(), "--input",
                photo.toString(), "--past", "1", "--future", "1", "--position", "3", "--out",
                dir.resolve("bad.npy").toString());
        assertEquals(2, badPos.code(), badPos.all());
        assertTrue(badPos.err().contains("--position 3 must be in 0 … 2"), badPos.err());
        try (Backend b = Backends.open("reference")) {
            var e = assertThrows(ModelFormatException.class, () -> Samplers.load(model, b));
            assertTrue(e.getMessage().contains("videogan-2s-cond"), e.getMessage());
        }
    }

    /** eval on a LAPGAN file prints Table 4.1's rows (Parzen, multi-scale) and writes parzen_ll to the JSON. */
    @Test
    void evalPrintsTheParzenTable() throws Exception {
        Path json = dir.resolve("parzen.json");
        CliWorkflowTest.Result r = CliWorkflowTest.run("eval", "--model", model.toString(), "--sequences", "6",
                "--samples", "40", "--per-point", "5", "--backend", "simd", "--json", json.toString());
        assertEquals(0, r.code(), r.all());
        assertTrue(r.out().contains("| Model | MNIST 8 px |"), r.out());
        assertTrue(r.out().matches("(?s).*\\| LAPGAN \\(Parzen\\) \\| -?\\d+ ± \\d+ \\|.*"), r.out());
        assertTrue(r.out().contains("| LAPGAN (multi-scale Parzen) (log p(x | y) for multi-scale) |"), r.out());
        assertTrue(r.out().contains("nearest training digit"), r.out());
        String text = Files.readString(json);
        assertTrue(text.contains("\"model\":\"lapgan\"") && text.contains("\"dataset\":\"mnist\"")
                && text.contains("\"parzen_ll\":{") && text.contains("\"parzen_ll_multiscale\":{"), text);
        CliWorkflowTest.Result plot = CliWorkflowTest.run("eval", "--model", model.toString(), "--plot",
                dir.resolve("p.png").toString());
        assertEquals(2, plot.code(), plot.all());
        assertTrue(plot.err().contains("not to a lapgan model"), plot.err());
    }

    /** experiment trains the papers' variants at a tiny size and prints Table 4.1 and Table 1 in their shapes. */
    @Test
    void experimentsPrintThePapersTables() throws Exception {
        CliWorkflowTest.Result lap = CliWorkflowTest.run("experiment", "lapgan-table", "--steps", "2", "--set",
                "side=8", "--set", "levels=2", "--set", "arch=compact", "--set", "coarse_noise=8", "--set",
                "coarse_hidden=16", "--set", "level_width=4", "--set", "discriminator_width=4", "--set",
                "discriminator_dropout=0", "--gan-hidden", "16", "--batch", "8", "--sequences", "8", "--samples",
                "32", "--per-point", "4", "--backend", "simd");
        assertEquals(0, lap.code(), lap.all());
        for (String row : List.of("| Model | MNIST 8 px |", "| GAN (Parzen) |", "| LAPGAN (Parzen) |",
                "| LAPGAN (multi-scale Parzen) |")) {
            assertTrue(lap.out().contains(row), lap.out());
        }
        Path json = dir.resolve("table1.json");
        CliWorkflowTest.Result vg = CliWorkflowTest.run("experiment", "videogan-table", "--steps", "1", "--set",
                "size=8", "--set", "frames=4", "--set", "noise=4", "--set", "base_width=4", "--set", "critic_width=2",
                "--set", "n_critic=1", "--set", "predictor_width=4", "--set", "predictor_hidden=8", "--batch", "2",
                "--sequences", "3", "--backend", "simd", "--json", json.toString());
        assertEquals(0, vg.code(), vg.all());
        assertTrue(vg.out().startsWith("| Network | MSE (mmnist) |"), vg.out());
        assertEquals(12, vg.out().strip().lines().count(), vg.out());
        assertTrue(Files.readString(json).contains("\"network\": \"Convolutional LSTM recursive\""),
                Files.readString(json));
        CliWorkflowTest.Result bad = CliWorkflowTest.run("experiment", "table9", "--steps", "1");
        assertEquals(2, bad.code(), bad.all());
        assertTrue(bad.err().contains("lapgan-table or videogan-table"), bad.err());
        CliWorkflowTest.Result cond = CliWorkflowTest.run("experiment", "lapgan-table", "--steps", "1", "--set",
                "classes=10");
        assertEquals(2, cond.code(), cond.all());
    }

    /** --resume continues a LAPGAN and a video GAN run from its checkpoint; the loss log holds every step once. */
    @Test
    void ganRunsResumeFromTheirCheckpoint() throws Exception {
        String[] lapgan = {"train", "lapgan", "--data", "mnist", "--set", "side=8", "--set", "levels=2",
                "--set", "arch=compact", "--set", "coarse_noise=8", "--set", "coarse_hidden=16",
                "--set", "level_width=4", "--set", "discriminator_width=4", "--set", "batch_size=4",
                "--checkpoint-every", "1", "--backend", "simd"};
        String[] video = {"train", "videogan-1s", "--data", "mmnist", "--set", "size=8", "--set", "frames=4",
                "--set", "noise=4", "--set", "base_width=4", "--set", "critic_width=2", "--set", "batch_size=2",
                "--set", "n_critic=1", "--backend", "simd"};
        for (String[] args : List.of(lapgan, video)) {
            Path run = dir.resolve("resume-" + args[1]);
            CliWorkflowTest.Result first = CliWorkflowTest.run(concat(args, "--steps", "2", "--out", run.toString()));
            assertEquals(0, first.code(), first.all());
            assertTrue(Files.isRegularFile(run.resolve("checkpoint.safetensors")), first.all());
            CliWorkflowTest.Result second = CliWorkflowTest.run(concat(args, "--steps", "3", "--out",
                    run.toString(), "--resume"));
            assertEquals(0, second.code(), second.all());
            assertTrue(second.out().contains("resumed " + args[1]) && second.out().contains("at step 2"),
                    second.out());
            assertTrue(second.out().contains("trained steps 2..3"), second.out());
            List<String> csv = Files.readAllLines(run.resolve("losses.csv"));
            assertEquals(4, csv.size(), csv.toString());
            assertTrue(csv.getFirst().startsWith("step,loss,lr,seconds,loss_d,"), csv.getFirst());
            assertTrue(Files.isRegularFile(run.resolve("loss.png")));
            assertTrue(Files.isRegularFile(run.resolve("model.safetensors")));
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
