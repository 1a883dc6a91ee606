package io.nextframe.models.eval;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import io.nextframe.core.io.AtomicFiles;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Metric-per-time-step curves as a PNG (XChart): one panel per metric, the mean over sequences with its 95%
 * interval as error bars, the x axis in predicted steps after the context (1 … F), and a dashed line at the trained
 * horizon when the evaluation goes beyond it. Several results (e.g. SVG-LP vs deterministic) share the panels.
 */
public final class MetricPlot {
    private static final Color[] COLOURS = {new Color(0x1F77B4), new Color(0xD62728), new Color(0x2CA02C),
            new Color(0xFF7F0E), new Color(0x9467BD)};

    private MetricPlot() {
    }

    /**
     * Writes one PNG per metric named in {@code metrics}, side by side in one image.
     *
     * @param results        label → result
     * @param trainedHorizon the training horizon in steps (0: no marker)
     */
    public static void write(Path png, Map<String, EvalResult> results, List<String> metrics, int trainedHorizon)
            throws IOException {
        if (results.isEmpty() || metrics.isEmpty()) {
            throw new IllegalArgumentException("MetricPlot: nothing to plot");
        }
        List<XYChart> charts = new ArrayList<>();
        for (String metric : metrics) {
            XYChart chart = new XYChartBuilder().width(560).height(400).title(metric)
                    .xAxisTitle("predicted step").yAxisTitle(metric).build();
            chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
            chart.getStyler().setChartBackgroundColor(Color.WHITE);
            chart.getStyler().setPlotGridLinesVisible(true);
            int colour = 0;
            double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
            for (var e : results.entrySet()) {
                MetricSummary s = e.getValue().metrics().get(metric);
                if (s == null) {
                    throw new IllegalArgumentException("MetricPlot: result '" + e.getKey() + "' has no metric "
                            + metric + "; it has " + e.getValue().metrics().keySet());
                }
                double[] y = finite(s.perStep());
                double[] x = new double[y.length];
                for (int i = 0; i < x.length; i++) {
                    x[i] = i + 1;
                }
                Color c = COLOURS[colour++ % COLOURS.length];
                double[] hiV = finite(s.perStepHigh());
                double[] loV = finite(s.perStepLow());
                double[] err = new double[y.length];
                for (int i = 0; i < err.length; i++) {
                    err[i] = Math.max(0, (hiV[i] - loV[i]) / 2);
                }
                XYSeries line = chart.addSeries(e.getKey(), x, y, err);
                line.setLineColor(c);
                line.setMarkerColor(c);
                line.setMarker(SeriesMarkers.CIRCLE);
                for (double v : finite(s.perStepLow())) {
                    lo = Math.min(lo, v);
                }
                for (double v : finite(s.perStepHigh())) {
                    hi = Math.max(hi, v);
                }
            }
            if (lo < hi) {
                double pad = 0.05 * (hi - lo);
                chart.getStyler().setYAxisMin(lo - pad);
                chart.getStyler().setYAxisMax(hi + pad);
            }
            if (trainedHorizon > 0) {
                XYSeries mark = chart.addSeries("trained horizon", new double[] {trainedHorizon + 0.5,
                        trainedHorizon + 0.5}, new double[] {lo, hi}, null);
                mark.setLineColor(Color.GRAY);
                mark.setMarker(SeriesMarkers.NONE);
                mark.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
            charts.add(chart);
        }
        java.awt.image.BufferedImage all = new java.awt.image.BufferedImage(560 * charts.size(), 400,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = all.createGraphics();
        for (int i = 0; i < charts.size(); i++) {
            java.awt.image.BufferedImage one = BitmapEncoder.getBufferedImage(charts.get(i));
            g.drawImage(one, 560 * i, 0, null);
        }
        g.dispose();
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(all, "png", bytes);
        Files.createDirectories(png.toAbsolutePath().getParent());
        AtomicFiles.write(png, bytes.toByteArray());
    }

    /** NaN/∞ (e.g. PSNR of a perfect frame) would break the axes: replace by the nearest finite neighbour. */
    private static double[] finite(double[] v) {
        double[] out = v.clone();
        double last = 0;
        for (double d : out) {
            if (Double.isFinite(d)) {
                last = d;
                break;
            }
        }
        for (int i = 0; i < out.length; i++) {
            if (Double.isFinite(out[i])) {
                last = out[i];
            } else {
                out[i] = last;
            }
        }
        return out;
    }
}
