package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.models.svg.SvgEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Config, state-dict keys, parameter counts and forward shapes of DrNET's networks. */
class DrnetModelTest {
    private final Backend ref = Backends.get("reference");

    /*
     * Parameter counts from the architecture (reference-implementations.md §2 and the authors' models/*.py),
     * nf = 64, 3 channels, content_dim 128, pose_dim 10, trainable parameters only (BN affine counted, running
     * statistics not):
     *   conv k×k nin→nout with bias: k²·nin·nout + nout;  BatchNorm(n): 2n;  Linear(i, o): i·o + o.
     *   dcgan_conv blocks 3→64→128→256→512: (3072+64+128) + (131072+128+256) + (524288+256+512)
     *       + (2097152+512+1024) = 2,758,464; the 4×4 head 512→dim with BN: 8192·dim + dim + 2·dim = 8195·dim.
     *   pose encoder (dim 10): 2,758,464 + 81,950 = 2,840,414.
     *   content encoder (dim 128), plain dcgan or dcgan_unet (same layers): 2,758,464 + 1,048,960 = 3,807,424.
     *   decoder input 138 = 128 + 10. Stem ConvT(138, 512, 4) + BN: 138·512·16 + 512 + 1024 = 1,132,032.
     *   plain dcgan decoder: stem + upconv 512→256 (2,097,152+256+512) + 256→128 (524,288+128+256)
     *       + 128→64 (131,072+64+128) + ConvT(64, 3, 4) (3,072+3) = 3,888,963.
     *   dcgan_unet decoder (inputs doubled by the skips): stem + upconv 1024→256 (4,194,304+768)
     *       + 512→128 (1,048,576+384) + 256→64 (262,144+192) + ConvT(128, 3, 4) (6,144+3) = 6,644,547.
     *   vgg_layer(i, o) = 9·i·o + 3·o. vgg_unet encoder: c1 1,920 + 37,056; c2 74,112 + 147,840;
     *       c3 295,680 + 2·590,592; c4 1,181,184 + 2·2,360,832; c5 1,048,960 → 8,689,600.
     *   vgg_unet decoder: stem 1,132,032; upc2 vgg(1024,512) 4,720,128 + vgg(512,512) 2,360,832
     *       + vgg(512,256) 1,180,416; upc3 1,180,416 + 590,592 + 295,296; upc4 295,296 + 73,920;
     *       upc5 vgg(128,64) 73,920 + ConvT(64, 3, 3) 1,731 → 11,904,579.
     *   scene discriminator (pose 10): Linear(20, nf) + Linear(nf, nf) + Linear(nf, 1):
     *       nf 100 → 2,100 + 10,100 + 101 = 12,301; nf 512 → 10,752 + 262,656 + 513 = 273,921.
     *   ResNet-18 pose encoder (resnet_64.py, pose 10): conv1 5×5 3→64 4,864 + bn1 128; layer1 2 × (2 ×
     *       (36,928 + 128)) = 148,224; layer2 (73,856 + 256 + 147,584 + 256 + 1×1 downsample 8,320 + 256)
     *       + (147,584 + 256) · 2 = 526,208; layer3 919,808 + 1,181,184 = 2,100,992; layer4 3,674,624 + 4,721,664
     *       = 8,396,288; conv_out 3×3 512→10 46,090 + bn_out 20 → 11,222,814.
     *   pose LSTM (in 138, out 10, 2 × 256): embed 138·256 + 256 = 35,584; LSTMCell(256, 256) = 2·4·256·256
     *       + 2·4·256 = 526,336 each; output 256·10 + 10 = 2,570 → 1,090,826.
     */
    @Test
    void parameterCountsOfTheCodePreset() {
        try (DrnetModel m = new DrnetModel(ref, DrnetConfig.code(), 1)) {
            assertEquals(3_807_424, m.contentEncoder().parameterCount());
            assertEquals(2_840_414, m.poseEncoder().parameterCount());
            assertEquals(6_644_547, m.decoder().parameterCount());
            assertEquals(12_301, m.sceneDiscriminator().parameterCount());
            assertEquals(3_807_424 + 2_840_414 + 6_644_547 + 12_301, m.parameterCount());
        }
    }

    @Test
    void parameterCountsOfThePlainAndVggVariants() {
        try (DrnetModel m = new DrnetModel(ref, DrnetConfig.codeV1(), 1)) {
            assertEquals(3_807_424, m.contentEncoder().parameterCount());
            assertEquals(3_888_963, m.decoder().parameterCount());
            assertEquals(273_921, m.sceneDiscriminator().parameterCount());
        }
        DrnetConfig vgg = DrnetConfig.code().withModels("vgg_unet", "dcgan", 3);
        try (DrnetModel m = new DrnetModel(ref, vgg, 1)) {
            assertEquals(8_689_600, m.contentEncoder().parameterCount());
            assertEquals(11_904_579, m.decoder().parameterCount());
        }
        try (DrnetLstmModel m = new DrnetLstmModel(ref, DrnetLstmConfig.code(DrnetConfig.codeV1()), 1)) {
            assertEquals(1_090_826, m.lstmParameters().values().stream().mapToLong(p -> p.value().size()).sum());
        }
    }

    @Test
    void resnetPoseEncoder() {
        DrnetConfig c = DrnetConfig.code().withModels("dcgan", "resnet", 3);
        try (var ep = DrnetNets.poseEncoder(ref, c, new io.nextframe.layers.Rng(1))) {
            assertEquals(11_222_814, ep.parameterCount());
            Map<String, ?> keys = ep.stateDict();
            for (String k : new String[] {"main.conv1.weight", "main.bn1.running_mean", "main.layer1.1.conv2.bias",
                    "main.layer2.0.downsample.0.weight", "main.layer4.0.downsample.1.running_var",
                    "main.conv_out.weight", "main.bn_out.weight"}) {
                assertTrue(keys.containsKey(k), k + " missing");
            }
            assertTrue(keys.keySet().stream().noneMatch(k -> k.startsWith("main.layer1.0.downsample")));
        }
    }

    /** Full-width ResNet forward and backward at 64²: ≈ 15 s on a loaded 2-core machine, hence long. */
    @Test
    @org.junit.jupiter.api.Tag("long")
    void resnetPoseEncoderPassesGradients() {
        DrnetConfig tiny = DrnetTestData.tiny("dcgan").withModels("dcgan", "resnet", 3);
        // the ResNet keeps the code's widths whatever nf is: the gradient check runs on simd to stay fast
        Backend simd = Backends.get("simd");
        try (DrnetModel m = new DrnetModel(simd, tiny, 1); Scope s = simd.scope()) {
            float[] v = new float[2 * 3 * 64 * 64];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.5 + 0.5 * Math.sin(0.11 * i));
            }
            Var pose = m.pose(Var.constant(simd.fromFloats(Shape.of(2, 3, 64, 64), v)));
            assertArrayEquals(new int[] {2, 3}, pose.shape().dims());
            io.nextframe.core.autograd.F.sum(pose).backward();
            assertTrue(m.poseEncoder().namedParameters().get("main.conv1.weight").grad() != null,
                    "gradient reaches the ResNet's first convolution");
        }
    }

    @Test
    void stateDictKeysFollowTheAuthorsModules() {
        try (DrnetModel m = new DrnetModel(ref, DrnetTestData.tiny("dcgan"), 1)) {
            Map<String, ?> keys = m.stateDict();
            // dcgan_64.py: everything in one Sequential 'main'
            for (String k : new String[] {"netEC.main.0.main.0.weight", "netEC.main.3.main.1.running_var",
                    "netEC.main.4.weight", "netEC.main.5.bias", "netEP.main.4.weight", "netD.main.0.weight",
                    "netD.main.1.running_mean", "netD.main.3.main.0.weight", "netD.main.5.main.1.weight",
                    "netD.main.6.weight", "netD.main.6.bias", "netC.main.0.weight", "netC.main.2.bias",
                    "netC.main.4.weight"}) {
                assertTrue(keys.containsKey(k), k + " missing from " + keys.keySet());
            }
            assertArrayEquals(new int[] {8 + 3, 32, 4, 4}, m.stateDict().get("netD.main.0.weight").shape().dims());
            assertArrayEquals(new int[] {8, 6}, m.stateDict().get("netC.main.0.weight").shape().dims());
            assertTrue(keys.keySet().stream().allMatch(k -> k.matches("net(EC|EP|D|C)\\..*")), keys.keySet()::toString);
        }
        try (DrnetModel m = new DrnetModel(ref, DrnetTestData.tiny("dcgan_unet"), 1)) {
            Map<String, ?> keys = m.stateDict();
            for (String k : new String[] {"netEC.c1.main.0.weight", "netEC.c5.0.weight", "netEC.c5.1.running_mean",
                    "netEP.main.0.main.0.weight", "netD.upc1.0.weight", "netD.upc2.main.0.weight",
                    "netD.upc5.0.weight"}) {
                assertTrue(keys.containsKey(k), k + " missing");
            }
        }
        try (DrnetLstmModel m = new DrnetLstmModel(ref, DrnetLstmConfig.code(DrnetTestData.tiny("dcgan"))
                .withSizes(16, 2), 1)) {
            Map<String, ?> keys = m.stateDict();
            for (String k : new String[] {"lstm.embed.weight", "lstm.lstm.0.weight_ih", "lstm.lstm.1.bias_hh",
                    "lstm.output.0.weight", "netEC.main.4.weight", "netD.main.6.weight"}) {
                assertTrue(keys.containsKey(k), k + " missing");
            }
            assertTrue(keys.keySet().stream().noneMatch(k -> k.startsWith("netC.")));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dcgan", "dcgan_unet", "vgg_unet"})
    void forwardShapes(String contentModel) {
        DrnetConfig c = DrnetTestData.tiny(contentModel).withLosses(1, 0.1, "bce", true);
        try (DrnetModel m = new DrnetModel(ref, c, 2); Scope s = ref.scope(); Grad.Mode off = Grad.off()) {
            float[] v = new float[2 * 3 * 64 * 64];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (0.5 + 0.5 * Math.sin(0.37 * i + (i / 12288) * 1.7));
            }
            Var x = Var.constant(ref.fromFloats(Shape.of(2, 3, 64, 64), v));
            SvgEncoder.Encoded content = m.content(x);
            Var pose = m.pose(x);
            assertArrayEquals(new int[] {2, 8}, content.h().shape().dims());
            assertEquals(contentModel.equals("dcgan") ? 0 : 4, content.skips().size());
            assertArrayEquals(new int[] {2, 3}, pose.shape().dims());
            // normalize: unit-norm poses
            float[] p = pose.value().toFloatArray();
            assertEquals(1.0, p[0] * p[0] + p[1] * p[1] + p[2] * p[2], 1e-5);
            Var frame = m.decode(content, pose);
            assertArrayEquals(new int[] {2, 3, 64, 64}, frame.shape().dims());
            for (float y : frame.value().toFloatArray()) {
                assertTrue(y >= 0 && y <= 1, "sigmoid output " + y);
            }
            Var prob = m.discriminate(pose, pose);
            assertArrayEquals(new int[] {2, 1}, prob.shape().dims());
        }
    }

    @Test
    void metadataRoundTripsUnderTheScriptsNames() {
        for (DrnetConfig c : new DrnetConfig[] {DrnetConfig.code(), DrnetConfig.codeV1(), DrnetConfig.thesis(),
                DrnetTestData.tiny("vgg_unet")}) {
            Map<String, String> m = c.metadata();
            assertEquals("drnet", m.get("model"));
            assertEquals("nextframe", m.get("format"));
            assertEquals(c, DrnetConfig.fromMetadata(m));
        }
        Map<String, String> m = DrnetConfig.code().metadata();
        assertEquals("dcgan_unet", m.get("content_model"));
        assertEquals("128", m.get("content_dim"));
        assertEquals("10", m.get("pose_dim"));
        assertEquals("20", m.get("max_step"));
        assertEquals("1.0E-4", m.get("sd_weight"));
        assertEquals("100", m.get("batch_size"));
        assertTrue(!m.containsKey("nf"), "nf is written only when it differs from 64");
        DrnetLstmConfig l = DrnetLstmConfig.code(DrnetConfig.thesis());
        Map<String, String> lm = l.metadata();
        assertEquals("drnet-lstm", lm.get("model"));
        assertEquals("256", lm.get("rnn_size"));
        assertEquals("2.0E-4", lm.get("lstm_lr"));
        assertEquals("0.002", lm.get("lr"));
        assertEquals(l, DrnetLstmConfig.fromMetadata(lm));
        // booleans case-insensitively
        Map<String, String> upper = new HashMap<>(DrnetConfig.thesis().metadata());
        upper.put("normalize", "TRUE");
        assertTrue(DrnetConfig.fromMetadata(upper).normalize());
    }

    @Test
    void invalidConfigsAreNamed() {
        DrnetConfig c = DrnetConfig.code();
        assertMessage("content_model 'resnet'", () -> c.withModels("resnet", "dcgan", 3));
        assertMessage("pose_model 'vgg' must be dcgan or resnet", () -> c.withModels("dcgan", "vgg", 3));
        assertMessage("channels 2", () -> c.withModels("dcgan", "dcgan", 2));
        assertMessage("max_step 1", () -> c.withTraining(1, 0.002, 100));
        assertMessage("batch_size 1", () -> c.withTraining(20, 0.002, 1));
        assertMessage("lr -1.0", () -> c.withTraining(20, -1, 100));
        assertMessage("sd_criterion 'hinge'", () -> c.withLosses(1, 0.1, "hinge", false));
        assertMessage("sd_weight -0.1", () -> c.withLosses(1, -0.1, "bce", false));
        assertMessage("pose_dim 0", () -> c.withSizes(128, 0, 100, 64));
        Map<String, String> m = new HashMap<>(c.metadata());
        m.remove("pose_dim");
        assertMessage("lacks 'pose_dim'", () -> DrnetConfig.fromMetadata(m));
        m.put("pose_dim", "ten");
        assertMessage("'pose_dim' = 'ten'", () -> DrnetConfig.fromMetadata(m));
        assertMessage("preset 'paper'", () -> DrnetConfig.preset("paper"));
        assertEquals(DrnetConfig.thesis(), DrnetConfig.preset("thesis"));
    }

    private static void assertMessage(String part, org.junit.jupiter.api.function.Executable e) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), "message '" + x.getMessage() + "' should name " + part);
    }
}
