package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.io.HostTensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ModuleTest {
    private final Backend be = Backends.get("reference");

    @Test
    void svgParameterCountsMatchThePaperCode() {
        try (SvgNets.Encoder enc = new SvgNets.Encoder(be, 128, 1, 64, new Rng(1));
             SvgNets.Decoder dec = new SvgNets.Decoder(be, 128, 1, 64, new Rng(2));
             SvgNets.Lstm lstm = new SvgNets.Lstm(be, 138, 128, 256, 2, new Rng(3));
             SvgNets.GaussianLstm post = new SvgNets.GaussianLstm(be, 128, 10, 256, 1, new Rng(4))) {
            assertEquals(3_805_376, enc.parameterCount());
            assertEquals(6_558_529, dec.parameterCount());
            assertEquals(1_121_152, lstm.parameterCount());
            assertEquals(564_500, post.parameterCount());
        }
    }

    @Test
    void stateDictKeysAreTorchs() {
        try (SvgNets.Encoder enc = new SvgNets.Encoder(be, 8, 1, 2, new Rng(1));
             SvgNets.Lstm lstm = new SvgNets.Lstm(be, 5, 3, 4, 2, new Rng(3))) {
            List<String> keys = new ArrayList<>(enc.stateDict().keySet());
            assertEquals(List.of("c1.main.0.weight", "c1.main.0.bias", "c1.main.1.weight", "c1.main.1.bias",
                    "c1.main.1.running_mean", "c1.main.1.running_var", "c1.main.1.num_batches_tracked"),
                    keys.subList(0, 7));
            assertTrue(keys.contains("c5.0.weight") && keys.contains("c5.1.running_var"), keys.toString());
            assertArrayEquals(new int[] {8, 16, 4, 4}, enc.stateDict().get("c5.0.weight").shape().dims());
            assertEquals(List.of("embed.weight", "embed.bias", "lstm.0.weight_ih", "lstm.0.weight_hh",
                    "lstm.0.bias_ih", "lstm.0.bias_hh", "lstm.1.weight_ih", "lstm.1.weight_hh", "lstm.1.bias_ih",
                    "lstm.1.bias_hh", "output.0.weight", "output.0.bias"), new ArrayList<>(lstm.stateDict().keySet()));
            assertArrayEquals(new int[] {16, 4}, lstm.stateDict().get("lstm.1.weight_ih").shape().dims());
        }
    }

    @Test
    void trainAndEvalReachEveryDescendant() {
        try (SvgNets.Encoder enc = new SvgNets.Encoder(be, 8, 1, 2, new Rng(1))) {
            enc.eval();
            assertTrue(enc.namedModules().values().stream().noneMatch(Module::isTraining));
            enc.train();
            assertTrue(enc.namedModules().values().stream().allMatch(Module::isTraining));
        }
    }

    @Test
    void safetensorsRoundTripWithMetadata(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("enc.safetensors");
        try (SvgNets.Encoder a = new SvgNets.Encoder(be, 8, 1, 2, new Rng(1));
             SvgNets.Encoder b = new SvgNets.Encoder(be, 8, 1, 2, new Rng(99))) {
            Checkpoint.save(file, a, Map.of("model", "svg-encoder", "epoch", "3"));
            assertNotEquals(HostTensor.of(a.stateDict().get("c1.main.0.weight")),
                    HostTensor.of(b.stateDict().get("c1.main.0.weight")));
            LoadReport r = Checkpoint.load(file, b, true);
            assertTrue(r.clean(), r.toString());
            Map<String, HostTensor> ha = a.hostStateDict(), hb = b.hostStateDict();
            assertEquals(ha.keySet(), hb.keySet());
            ha.forEach((k, v) -> assertEquals(v, hb.get(k), k));
            assertEquals(Map.of("model", "svg-encoder", "epoch", "3"), Checkpoint.metadata(file));
        }
    }

    @Test
    void strictLoadListsMissingUnexpectedAndMisShapedKeysTogether() {
        try (SvgNets.Lstm m = new SvgNets.Lstm(be, 5, 3, 4, 1, new Rng(3))) {
            Map<String, HostTensor> sd = new LinkedHashMap<>(m.hostStateDict());
            sd.remove("embed.bias");
            sd.put("extra.weight", new HostTensor(new int[] {2}, new float[2]));
            sd.put("output.0.weight", new HostTensor(new int[] {4, 3}, new float[12]));
            float before = m.stateDict().get("lstm.0.weight_ih").toFloatArray()[0];
            StateDictException e = assertThrows(StateDictException.class, () -> m.load(sd));
            assertEquals(List.of("embed.bias"), e.report().missing());
            assertEquals(List.of("extra.weight"), e.report().unexpected());
            assertEquals(1, e.report().misShaped().size());
            LoadReport.Mismatch mm = e.report().misShaped().getFirst();
            assertEquals("output.0.weight", mm.key());
            assertArrayEquals(new int[] {3, 4}, mm.expected());
            assertArrayEquals(new int[] {4, 3}, mm.actual());
            assertTrue(e.getMessage().contains("embed.bias") && e.getMessage().contains("extra.weight")
                    && e.getMessage().contains("[3, 4]") && e.getMessage().contains("[4, 3]"), e.getMessage());
            // nothing was written
            assertEquals(before, m.stateDict().get("lstm.0.weight_ih").toFloatArray()[0]);
        }
    }

    @Test
    void nonStrictLoadReportsAndLoadsTheRestButMisShapedStillFails() {
        try (SvgNets.Lstm m = new SvgNets.Lstm(be, 5, 3, 4, 1, new Rng(3));
             SvgNets.Lstm src = new SvgNets.Lstm(be, 5, 3, 4, 1, new Rng(4))) {
            Map<String, HostTensor> sd = new LinkedHashMap<>(src.hostStateDict());
            sd.remove("embed.bias");
            sd.put("extra", new HostTensor(new int[] {1}, new float[1]));
            LoadReport r = m.load(sd, false);
            assertEquals(List.of("embed.bias"), r.missing());
            assertEquals(List.of("extra"), r.unexpected());
            assertEquals(sd.get("lstm.0.weight_hh"), HostTensor.of(m.stateDict().get("lstm.0.weight_hh")));
            sd.put("embed.weight", new HostTensor(new int[] {1}, new float[1]));
            assertThrows(StateDictException.class, () -> m.load(sd, false));
        }
    }

    @Test
    void numBatchesTrackedIsOptional() {
        try (BatchNorm bn = new BatchNorm(be, 3)) {
            Map<String, HostTensor> sd = new LinkedHashMap<>(bn.hostStateDict());
            sd.remove("num_batches_tracked");
            sd.put("running_mean", new HostTensor(new int[] {3}, new float[] {1, 2, 3}));
            assertTrue(bn.load(sd, true).clean());
            assertArrayEquals(new float[] {1, 2, 3}, bn.runningMean().toFloatArray());
        }
    }

    @Test
    void sameSeedSameWeightsAndFrozenParametersAreNotCounted() {
        try (Linear a = new Linear(be, 7, 5, new Rng(11)); Linear b = new Linear(be, 7, 5, new Rng(11))) {
            assertArrayEquals(a.weight().value().toFloatArray(), b.weight().value().toFloatArray());
            float bound = (float) (1 / Math.sqrt(7));
            for (float v : a.weight().value().toFloatArray()) {
                assertTrue(Math.abs(v) <= bound);
            }
            assertEquals(40, a.parameterCount());
            a.bias().setTrainable(false);
            assertEquals(35, a.parameterCount());
            assertFalse(a.bias().var().requiresGrad());
        }
    }

    @Test
    void dcganInitialiserDrawsNormalWeightsAndUnitBatchNorm() {
        try (SvgNets.Encoder enc = new SvgNets.Encoder(be, 8, 1, 8, new Rng(1))) {
            Initializers.dcgan(enc, new Rng(5));
            float[] w = enc.stateDict().get("c3.main.0.weight").toFloatArray();
            double mean = 0, sq = 0;
            for (float v : w) {
                mean += v;
                sq += v * v;
            }
            mean /= w.length;
            double std = Math.sqrt(sq / w.length - mean * mean);
            assertEquals(0, mean, 0.003);
            assertEquals(0.02, std, 0.002);
            assertArrayEquals(new float[32], enc.stateDict().get("c3.main.0.bias").toFloatArray());
            float[] g = enc.stateDict().get("c3.main.1.weight").toFloatArray();
            for (float v : g) {
                assertEquals(1, v, 0.1);
            }
        }
    }

    @Test
    void duplicateOrDottedNamesAreRefused() {
        class Bad extends Module {
            Bad(boolean dotted) {
                super(Backends.get("reference"));
                child(dotted ? "a.b" : "a", new Linear(backend, 1, 1, new Rng(0)));
                if (!dotted) {
                    child("a", new Linear(backend, 1, 1, new Rng(0)));
                }
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new Bad(true));
        assertThrows(IllegalArgumentException.class, () -> new Bad(false));
    }

    @Test
    void dfnMovingMnistModelHasThePublishedParameterCount() {
        // DFN (specs §3): convs 3×3 'same' except L11, L12 1×1; the filter head L12 has a bias
        int[][] layers = {{1, 32, 3, 1}, {32, 32, 3, 2}, {32, 64, 3, 1}, {64, 64, 3, 1}, {64, 128, 3, 1},
            {128, 128, 3, 1}, {128, 128, 3, 1}, {128, 64, 3, 1}, {64, 64, 3, 1}, {64, 64, 3, 1}, {64, 64, 3, 1},
            {64, 128, 1, 1}, {128, 81, 1, 1}};
        Rng rng = new Rng(1);
        try (Sequential net = new Sequential(be)) {
            for (int[] l : layers) {
                net.add(Conv.conv2d(be, l[0], l[1], l[2], l[3], l[2] / 2, rng));
            }
            assertEquals(637_361, net.parameterCount());
            Initializers.heUniform(net, new Rng(2));
            double bound = Math.sqrt(6.0 / (9 * 32));
            for (float v : net.stateDict().get("1.weight").toFloatArray()) {
                assertTrue(Math.abs(v) <= bound);
            }
            assertArrayEquals(new float[32], net.stateDict().get("1.bias").toFloatArray());
        }
    }

    @Test
    void randomCountersResumeThroughACheckpoint(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("drop.safetensors");
        try (Sequential a = new Sequential(be, new Linear(be, 3, 64, new Rng(1)), new Dropout(be, 0.5f, new Rng(2)));
             Sequential b = new Sequential(be, new Linear(be, 3, 64, new Rng(1)), new Dropout(be, 0.5f, new Rng(2)));
             io.nextframe.core.Scope s = be.scope()) {
            io.nextframe.core.autograd.Var x = io.nextframe.core.autograd.Var.constant(
                    be.full(io.nextframe.core.Shape.of(2, 3), 1f));
            a.forward(x);
            a.forward(x);
            assertEquals(Map.of("1", a.get(1)), a.randomCounters());
            Checkpoint.save(file, Map.of("net", a), Map.of(), Map.of());
            assertEquals("256", Checkpoint.metadata(file).get("rng_counter.net.1"));
            Checkpoint.load(file, Map.of("net", b), Map.of(), true);
            assertArrayEquals(a.forward(x).value().toFloatArray(), b.forward(x).value().toFloatArray());
        }
    }
}
