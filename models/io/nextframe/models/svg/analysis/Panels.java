package io.nextframe.models.svg.analysis;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Line panels in the style of {@link io.nextframe.models.eval.MetricPlot} (XChart, white background, grid, the same
 * colours, error bars for 95% intervals), with dashed grey vertical markers (wall collisions), written side by side
 * into one PNG.
 */
final class Panels {
    static final int WIDTH = 560;
    static final int HEIGHT = 400;
    private static final Color[] COLOURS = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C),
            new Color(0xFF7F0E), new Color(0x9467BD)};

    private final List<XYChart> charts = new ArrayList<>();
    private XYChart current;
    private int colour;
    private double lo, hi;
    private final List<Double> markers = new ArrayList<>();
    private String markerName;

    /** Starts a new panel. */
    Panels panel(String title, String xTitle, String yTitle) {
        finish();
        current = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle)
                .build();
        current.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        current.getStyler().setChartBackgroundColor(Color.WHITE);
        current.getStyler().setPlotGridLinesVisible(true);
        colour = 0;
        lo = Double.POSITIVE_INFINITY;
        hi = Double.NEGATIVE_INFINITY;
        markers.clear();
        charts.add(current);
        return this;
    }

    /** A line; {@code halfWidth} (may be null) draws error bars. Non-finite points are left out. */
    Panels line(String name, double[] x, double[] y, double[] halfWidth) {
        List<Double> xs = new ArrayList<>(), ys = new ArrayList<>(), es = new ArrayList<>();
        for (int i = 0; i < y.length; i++) {
            if (Double.isFinite(y[i]) && Double.isFinite(x[i])) {
                double e = halfWidth == null || !Double.isFinite(halfWidth[i]) ? 0 : halfWidth[i];
                xs.add(x[i]);
                ys.add(y[i]);
                es.add(e);
                lo = Math.min(lo, y[i] - e);
                hi = Math.max(hi, y[i] + e);
            }
        }
        if (xs.isEmpty()) {
            return this;
        }
        XYSeries s = halfWidth == null ? current.addSeries(name, xs, ys) : current.addSeries(name, xs, ys, es);
        Color c = COLOURS[colour++ % COLOURS.length];
        s.setLineColor(c);
        s.setMarkerColor(c);
        s.setMarker(SeriesMarkers.CIRCLE);
        return this;
    }

    /** Vertical dashed lines at {@code xs}, named once in the legend. */
    Panels markers(String name, List<Double> xs) {
        markers.addAll(xs);
        markerName = name;
        return this;
    }

    private void finish() {
        if (current == null || markers.isEmpty()) {
            return;
        }
        double a = lo < hi ? lo : 0, b = lo < hi ? hi : 1;
        boolean first = true;
        for (double m : markers) {
            XYSeries s = current.addSeries(first ? markerName : markerName + " @" + m, new double[] {m, m},
                    new double[] {a, b});
            s.setLineColor(Color.GRAY);
            s.setMarker(SeriesMarkers.NONE);
            s.setShowInLegend(first);
            s.setLineStyle(new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            first = false;
        }
        markers.clear();
    }

    /** Writes the panels side by side (atomically). */
    void write(Path png) throws IOException {
        finish();
        if (charts.isEmpty()) {
            throw new IllegalStateException("Panels: nothing to plot");
        }
        BufferedImage all = new BufferedImage(WIDTH * charts.size(), HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = all.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), WIDTH * i, 0, null);
        }
        g.dispose();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(all, "png", bytes);
        Json.writeBytes(png, bytes.toByteArray());
    }
}
