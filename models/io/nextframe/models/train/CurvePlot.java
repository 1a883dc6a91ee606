package io.nextframe.models.train;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * A PNG of the training curve: the raw loss per step in light grey, a moving average over ~1 % of the run in
 * blue, a logarithmic y axis when the loss spans more than a decade, tick lines at every power of ten (log) or at
 * tenths of the range (linear). Drawn with plain java.awt (no fonts needed), written to a temporary file and renamed:
 * the fallback of {@link LossChart} on JVMs without fonts.
 */
public final class CurvePlot {
    private static final int W = 800;
    private static final int H = 480;
    private static final int PAD = 30;

    private CurvePlot() {
    }

    public static void write(Path png, List<LossLog.Row> rows) throws IOException {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.drawRect(PAD, PAD, W - 2 * PAD, H - 2 * PAD);
        double[] y = rows.stream().mapToDouble(LossLog.Row::loss).filter(Double::isFinite).toArray();
        if (y.length >= 1) {
            plot(g, rows, y);
        }
        g.dispose();
        Path tmp = png.resolveSibling("." + png.getFileName() + ".tmp");
        if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException("no PNG writer in this Java runtime");
        }
        Files.move(tmp, png, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void plot(Graphics2D g, List<LossLog.Row> rows, double[] finite) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (double v : finite) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        boolean log = lo > 0 && hi / lo > 10;
        double a = log ? Math.log10(lo) : lo, b = log ? Math.log10(hi) : hi;
        if (b - a < 1e-12) {
            a -= 0.5;
            b += 0.5;
        }
        long first = rows.getFirst().step(), last = rows.getLast().step();
        double span = Math.max(1, last - first);
        g.setColor(new Color(225, 225, 225));
        if (log) {
            for (int e = (int) Math.ceil(a); e <= Math.floor(b); e++) {
                int py = py(e, a, b);
                g.drawLine(PAD, py, W - PAD, py);
            }
        } else {
            for (int i = 1; i < 10; i++) {
                int py = py(a + (b - a) * i / 10, a, b);
                g.drawLine(PAD, py, W - PAD, py);
            }
        }
        int window = Math.max(1, rows.size() / 100);
        double[] smooth = new double[rows.size()];
        double sum = 0;
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            double v = rows.get(i).loss();
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
            if (i >= window) {
                double old = rows.get(i - window).loss();
                if (Double.isFinite(old)) {
                    sum -= old;
                    n--;
                }
            }
            smooth[i] = n > 0 ? sum / n : Double.NaN;
        }
        line(g, rows, i -> rows.get(i).loss(), first, span, a, b, log, new Color(170, 170, 170), 1f);
        line(g, rows, i -> smooth[i], first, span, a, b, log, new Color(30, 80, 200), 2f);
    }

    private static void line(Graphics2D g, List<LossLog.Row> rows, java.util.function.IntToDoubleFunction y,
                             long first, double span, double a, double b, boolean log, Color c, float width) {
        g.setColor(c);
        g.setStroke(new BasicStroke(width));
        int px0 = -1, py0 = -1;
        for (int i = 0; i < rows.size(); i++) {
            double v = y.applyAsDouble(i);
            if (!Double.isFinite(v) || (log && v <= 0)) {
                px0 = -1;
                continue;
            }
            int px = PAD + (int) Math.round((rows.get(i).step() - first) / span * (W - 2 * PAD));
            int py = py(log ? Math.log10(v) : v, a, b);
            if (px0 >= 0) {
                g.drawLine(px0, py0, px, py);
            } else {
                g.fillRect(px, py, 1, 1);
            }
            px0 = px;
            py0 = py;
        }
    }

    private static int py(double v, double a, double b) {
        return H - PAD - (int) Math.round((v - a) / (b - a) * (H - 2 * PAD));
    }
}
