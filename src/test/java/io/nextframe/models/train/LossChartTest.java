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
}
