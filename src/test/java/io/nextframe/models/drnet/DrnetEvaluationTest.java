package io.nextframe.models.drnet;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Analogy grid, rollout GIF, discriminator accuracy, PSNR/SSIM and the content/pose probes. */
class DrnetEvaluationTest {
    private static final Backend REF = Backends.get("reference");
    private static DrnetModel drnet;
    private static DrnetLstmModel lstm;

    @BeforeAll
    static void models() {
        drnet = new DrnetModel(REF, DrnetTestData.tiny("dcgan_unet"), 3);
        lstm = new DrnetLstmModel(REF, DrnetLstmConfig.code(drnet.config()).withSizes(8, 1), 4).adopt(drnet);
    }

    @AfterAll
    static void close() {
        drnet.close();
        lstm.close();
    }

    @Test
    void analogyRowsDecodeEachContentWithEveryPose(@TempDir Path dir) throws Exception {
        ClipSource data = DrnetTestData.mmnist(4, 3);
        List<Clip> contents = List.of(data.clip(0), data.clip(1));
        Path png = dir.resolve("analogy.png");
        List<Clip> rows = DrnetEvaluation.analogyGrid(drnet, contents, data.clip(2), png);
        assertEquals(2, rows.size());
        assertEquals(5, rows.getFirst().frames());
        // the first cell is the content frame itself
        assertArrayEquals(contents.get(1).frame(0), rows.get(1).frame(0));
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() >= 5 * 64 && img.getHeight() >= 3 * 64, img.getWidth() + "×" + img.getHeight());
        // the same analogies from the drnet-lstm model, which holds the same networks
        List<Clip> again = DrnetEvaluation.analogyGrid(lstm, contents, data.clip(2), null);
        assertArrayEquals(rows.get(0).data(), again.get(0).data());
        Clip gray = new Clip(2, 1, 64, 64, new float[2 * 64 * 64]);
        assertThrows(IllegalArgumentException.class, () -> DrnetEvaluation.analogyGrid(drnet, List.of(gray),
                data.clip(2), null));
    }

    @Test
    void longRolloutGif(@TempDir Path dir) throws Exception {
        Clip clip = DrnetTestData.mmnist(3, 1).clip(0);
        Clip r = DrnetEvaluation.rolloutGif(new DrnetPredictor(lstm), clip, 3, 100, dir.resolve("r.gif"));
        assertEquals(103, r.frames());
        assertArrayEquals(clip.frame(2), r.frame(2));
        assertTrue(Files.size(dir.resolve("r.gif")) > 1000);
    }

    @Test
    void scoresAndAccuracyAreInRange() throws Exception {
        double acc = DrnetEvaluation.discriminatorAccuracy(drnet, DrnetTestData.mmnist(4, 8), 8, 4, 1);
        assertTrue(acc >= 0 && acc <= 1, "accuracy " + acc);
        DrnetEvaluation.PredictionScores s = DrnetEvaluation.predictionScores(new DrnetPredictor(lstm),
                DrnetTestData.mmnist(5, 3), 3, 2, 3);
        assertEquals(3, s.psnr().length);
        for (int f = 0; f < 3; f++) {
            assertTrue(s.psnr()[f] > 0 && Double.isFinite(s.psnr()[f]), "psnr " + s.psnr()[f]);
            assertTrue(s.ssim()[f] > -1 && s.ssim()[f] <= 1, "ssim " + s.ssim()[f]);
            assertTrue(s.psnrWhole()[f] > 0 && Double.isFinite(s.psnrWhole()[f]), "psnr " + s.psnrWhole()[f]);
        }
        var base = DrnetEvaluation.baselines(DrnetTestData.mmnist(5, 3), 3, 2, 3);
        // the third channel is black: an all-black guess matches it exactly (per-channel PSNR +∞, whole finite)
        assertEquals(Double.POSITIVE_INFINITY, base.get("black").meanPsnr());
        assertTrue(Double.isFinite(base.get("black").meanPsnrWhole()));
        assertTrue(base.get("copy-last").meanSsim() > 0.3, "copy-last SSIM " + base.get("copy-last").meanSsim());
    }

    @Test
    void probesRunOnHeldOutDigits() {
        List<DrnetEvaluation.Probe> probes = DrnetEvaluation.contentPoseProbes(drnet, 40, 20, 4, 7);
        assertEquals(4, probes.size());
        for (DrnetEvaluation.Probe p : probes) {
            assertTrue(p.nearestCentroid() >= 0 && p.nearestCentroid() <= 1);
            assertTrue(p.logistic() >= 0 && p.logistic() <= 1);
        }
        assertEquals("h_c", probes.get(0).code());
        assertEquals("digit", probes.get(0).target());
    }

    @Test
    void linearProbeSeparatesSeparableCodesAndNotNoise() {
        Random r = new Random(5);
        int n = 300, d = 6;
        float[][] x = new float[n][d], noise = new float[n][d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 3;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (r.nextGaussian() * 0.3 + (j == y[i] ? 2 : 0));
                noise[i][j] = (float) r.nextGaussian();
            }
        }
        float[][] trX = java.util.Arrays.copyOfRange(x, 0, 200), teX = java.util.Arrays.copyOfRange(x, 200, n);
        int[] trY = java.util.Arrays.copyOfRange(y, 0, 200), teY = java.util.Arrays.copyOfRange(y, 200, n);
        assertTrue(LinearProbe.nearestCentroid(trX, trY, teX, teY, 3) > 0.95);
        assertTrue(LinearProbe.logistic(trX, trY, teX, teY, 3, 200, 0.5, 1e-3) > 0.95);
        float[][] nTr = java.util.Arrays.copyOfRange(noise, 0, 200), nTe = java.util.Arrays.copyOfRange(noise, 200, n);
        assertTrue(LinearProbe.logistic(nTr, trY, nTe, teY, 3, 200, 0.5, 1e-3) < 0.5, "noise must not be decodable");
        assertThrows(IllegalArgumentException.class, () -> LinearProbe.nearestCentroid(trX, trY, teX,
                new int[] {7}, 3));
    }
}
