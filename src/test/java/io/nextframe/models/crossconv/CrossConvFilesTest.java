package io.nextframe.models.crossconv;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.io.FileDType;
import io.nextframe.core.io.HostTensor;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;
import io.nextframe.data.shapes.Shapes;
import io.nextframe.layers.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config ↔ metadata, and crossconv model files: round trips, the stored z, and named errors. */
class CrossConvFilesTest {
    private final Backend be = Backends.get("reference");

    @Test
    void everyConfigurationRoundTripsThroughStringMetadata() {
        for (CrossConvConfig c : new CrossConvConfig[] {CrossConvConfig.defaults(), CrossConvConfig.fiveScales(),
            CrossConvConfig.small(), CrossConvConfig.tiny()}) {
            Map<String, String> m = c.metadata();
            assertEquals(c, CrossConvConfig.fromMetadata(m));
            assertEquals(Integer.toString(c.zSize()), m.get("z_size"));
        }
        assertEquals("96,96,128,128,256,256", CrossConvConfig.defaults().metadata().get("motion_widths"));
        assertEquals("3200", CrossConvConfig.defaults().metadata().get("z_size"));
        for (CrossConvTrainer.Mode mode : CrossConvTrainer.Mode.values()) {
            CrossConvSettings s = new CrossConvSettings(CrossConvConfig.small(), mode, new CrossConvLoss(2, 1e-4),
                    5e-4, 4, 100, 10);
            assertEquals(s, CrossConvSettings.fromMetadata(s.metadata()));
        }
        assertEquals("ae", CrossConvSettings.of(CrossConvConfig.tiny(), CrossConvTrainer.Mode.AE).metadata()
                .get("ablation"));
    }

    @Test
    void badMetadataNamesTheKeyTheValueAndWhatWasExpected() {
        Map<String, String> m = new LinkedHashMap<>(CrossConvConfig.small().metadata());
        m.remove("scales");
        assertMessage(m, "lacks 'scales'");
        m = new LinkedHashMap<>(CrossConvConfig.small().metadata());
        m.put("kernel_size", "three");
        assertMessage(m, "'kernel_size' = 'three': expected an integer");
        m = new LinkedHashMap<>(CrossConvConfig.small().metadata());
        m.put("motion_widths", "16,16,32");
        assertMessage(m, "'motion_widths' = '16,16,32': expected six");
        m = new LinkedHashMap<>(CrossConvConfig.small().metadata());
        m.put("motion_widths", "16,16,x,32,48,48");
        assertMessage(m, "'x' is not one");
        m = new LinkedHashMap<>(CrossConvConfig.small().metadata());
        m.put("z_size", "100");
        assertMessage(m, "'z_size' = '100': expected 216");
        m = new LinkedHashMap<>(CrossConvConfig.small().metadata());
        m.put("kernel_size", "4");
        assertMessage(m, "kernel_size 4 must be odd");
        m = new LinkedHashMap<>(CrossConvConfig.small().metadata());
        m.put("input_size", "50");
        assertMessage(m, "input_size 50 must be a positive multiple of 16");
        Map<String, String> t = new LinkedHashMap<>(CrossConvSettings.of(CrossConvConfig.small(),
                CrossConvTrainer.Mode.CVAE).metadata());
        t.put("ablation", "vae");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossConvSettings.fromMetadata(t));
        assertTrue(e.getMessage().contains("'ablation' = 'vae': expected none"), e.getMessage());
        t.put("ablation", "ae");
        t.put("w_kl", "-1");
        e = assertThrows(IllegalArgumentException.class, () -> CrossConvSettings.fromMetadata(t));
        assertTrue(e.getMessage().contains("w_kl"), e.getMessage());
        t.put("w_kl", "0");
        t.put("batch_size", "0");
        e = assertThrows(IllegalArgumentException.class, () -> CrossConvSettings.fromMetadata(t));
        assertTrue(e.getMessage().contains("'batch_size' = '0': expected an integer ≥ 1"), e.getMessage());
    }

    private static void assertMessage(Map<String, String> m, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CrossConvConfig.fromMetadata(m));
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void aSavedModelLoadsWithTheSameOutputsSettingsAndStoredZ(@TempDir Path dir) throws Exception {
        CrossConvConfig c = CrossConvConfig.tiny();
        CrossConvSettings settings = new CrossConvSettings(c, CrossConvTrainer.Mode.AE, CrossConvLoss.defaults(),
                1e-3, 2, 16, 3);
        Shapes shapes = new Shapes(Shapes.Config.defaults().withSize(c.inputSize()), 3);
        Path file = dir.resolve("m.safetensors");
        float[] before;
        LatentBank bank = new LatentBank(c.zSize());
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(5)); Scope s = be.scope()) {
            CrossConvRun.fillBank(net, shapes, 3, bank);
            PairBatch b = PairBatch.of(be, shapes, 0, 2);
            Tensor z = bank.samplePrior(be, net.zShape(2), new SplittableRandom(1));
            before = Applications.predict(net, z, b.first()).toFloatArray();
            CrossConvFiles.save(net, settings, bank, Map.of("data", "shapes"), file);
        }
        try (SafeTensorsFile f = SafeTensors.read(file)) {
            assertEquals("crossconv", f.metadata().get("model"));
            assertEquals("nextframe", f.metadata().get("format"));
            assertEquals("ae", f.metadata().get("ablation"));
            assertEquals("shapes", f.metadata().get("data"));
            assertArrayEquals(new int[] {3, c.zSize()}, f.shape(CrossConvFiles.BANK));
        }
        try (CrossConvFiles.Loaded l = CrossConvFiles.load(file, be); Scope s = be.scope()) {
            assertEquals(settings, l.settings());
            assertEquals(3, l.bank().size());
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(bank.get(i), l.bank().get(i));
            }
            PairBatch b = PairBatch.of(be, shapes, 0, 2);
            Tensor z = bank.samplePrior(be, l.net().zShape(2), new SplittableRandom(1));
            assertArrayEquals(before, Applications.predict(l.net(), z, b.first()).toFloatArray());
        }
    }

    @Test
    void filesOfAnotherKindOrWithAMisShapedBankAreNamedErrors(@TempDir Path dir) throws Exception {
        CrossConvConfig c = CrossConvConfig.tiny();
        Path other = dir.resolve("other.safetensors");
        SafeTensors.write(other, Map.of("w", new HostTensor(new int[] {1}, new float[] {1})),
                Map.of("format", "nextframe", "format_version", "1", "model", "dfn"), FileDType.F32);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> CrossConvFiles.load(other, be));
        assertTrue(e.getMessage().contains("holds model 'dfn', not crossconv"), e.getMessage());
        Path bad = dir.resolve("bad.safetensors");
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(5))) {
            Map<String, HostTensor> t = new LinkedHashMap<>(net.hostStateDict());
            t.put(CrossConvFiles.BANK, new HostTensor(new int[] {2, c.zSize() + 1}, new float[2 * (c.zSize() + 1)]));
            SafeTensors.write(bad, t, CrossConvFiles.metadata(CrossConvSettings.of(c, CrossConvTrainer.Mode.CVAE)),
                    FileDType.F32);
        }
        e = assertThrows(ModelFormatException.class, () -> CrossConvFiles.load(bad, be));
        assertTrue(e.getMessage().contains("latent_bank") && e.getMessage().contains("expected (N, " + c.zSize()),
                e.getMessage());
        Path wrongSize = dir.resolve("wrong.safetensors");
        try (CrossConvNet net = new CrossConvNet(be, c, new Rng(5))) {
            SafeTensors.write(wrongSize, net.hostStateDict(), CrossConvFiles.metadata(CrossConvSettings.of(
                    c.withScales(1), CrossConvTrainer.Mode.CVAE)), FileDType.F32);
        }
        e = assertThrows(ModelFormatException.class, () -> CrossConvFiles.load(wrongSize, be));
        assertTrue(e.getMessage().contains("state dict does not fit crossconv"), e.getMessage());
    }
}
