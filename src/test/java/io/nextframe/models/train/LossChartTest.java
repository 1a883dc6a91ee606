package io.nextframe.models.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossChartTest {
    @Test
    void writesAReadablePngWithTheCurve(@TempDir Path dir) throws Exception {
        List<LossLog.Row> rows = new ArrayList<>();
        for (int s = 1; s <= 500; s++) {
            rows.add(new LossLog.Row(s, 3.0 / Math.sqrt(s) + 0.05 * Math.sin(s), 1e-3, s * 0.1));
        }
        rows.add(new LossLog.Row(501, Double.NaN, 1e-3, 50.1));
        Path png = dir.resolve("loss.png");
        LossChart.write(png, rows);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(800, img.getWidth());
        int blue = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if ((rgb & 0xFF) > 150 && (rgb >> 16) < 80) {
                    blue++;
                }
            }
        }
        assertTrue(blue > 300, "the moving-average line is drawn: " + blue + " blue pixels");
    }

    /** A GAN's chart: the discriminator's column (negative values too) is drawn in its own colour. */
    @Test
    void drawsChosenExtraColumns(@TempDir Path dir) throws Exception {
        List<LossLog.Row> rows = new ArrayList<>();
        for (int s = 1; s <= 300; s++) {
            rows.add(new LossLog.Row(s, 2.0 / Math.sqrt(s), 1e-3, s * 0.1,
                    List.of(-1.0 + s / 300.0, 42.0)));
        }
        Path with = dir.resolve("with.png"), without = dir.resolve("without.png");
        LossChart.write(with, rows, List.of("loss_d", "other"), List.of("loss_d"));
        LossChart.write(without, rows);
        assertTrue(red(ImageIO.read(with.toFile())) > 200 + red(ImageIO.read(without.toFile())),
                "the loss_d curve is drawn in red");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> LossChart.write(with, rows, List.of("loss_d"), List.of("nope")));
    }

    private static int red(BufferedImage img) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xFFFFFF;
                if ((rgb >> 16) > 180 && ((rgb >> 8) & 0xFF) < 100 && (rgb & 0xFF) < 90) {
                    n++;
                }
            }
        }
        return n;
    }
}
