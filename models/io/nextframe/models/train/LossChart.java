package io.nextframe.models.train;

import io.nextframe.core.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The training curve as a labelled XChart PNG: loss per step in light grey, its moving average over ~1% of the run
 * in blue, a logarithmic y axis when the loss spans more than a decade. Text needs fonts; a JVM without any (a bare
 * container without fontconfig) gets the font-free {@link CurvePlot} instead, so training never fails on a plot.
 */
public final class LossChart {
    private LossChart() {
    }

    public static void write(Path png, List<LossLog.Row> rows) throws IOException {
        byte[] bytes;
        try {
            bytes = render(rows);
        } catch (Error | RuntimeException noFonts) {
            CurvePlot.write(png, rows);
            return;
        }
        AtomicFiles.write(png, bytes);
    }

    static byte[] render(List<LossLog.Row> rows) throws IOException {
        int n = rows.size();
        double[] x = new double[n];
        double[] y = new double[n];
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        for (int i = 0; i < n; i++) {
            x[i] = rows.get(i).step();
            double v = rows.get(i).loss();
            y[i] = Double.isFinite(v) ? v : Double.NaN;
            if (Double.isFinite(v) && v > 0) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        int window = Math.max(1, n / 100);
        double[] avg = new double[n];
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(y[i])) {
                sum += y[i];
                count++;
            }
            if (i >= window && !Double.isNaN(y[i - window])) {
                sum -= y[i - window];
                count--;
            }
            avg[i] = count > 0 ? sum / count : Double.NaN;
        }
        XYChart chart = new XYChartBuilder().width(800).height(480).title("training loss")
                .xAxisTitle("step").yAxisTitle("loss").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        chart.getStyler().setYAxisLogarithmic(lo > 0 && hi / lo > 10);
        XYSeries raw = chart.addSeries("loss", x, y);
        raw.setLineColor(new Color(0xB0B0B0));
        raw.setMarker(SeriesMarkers.NONE);
        XYSeries mean = chart.addSeries("moving average (" + window + " steps)", x, avg);
        mean.setLineColor(new Color(0x1F4FBF));
        mean.setMarker(SeriesMarkers.NONE);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out);
        return out.toByteArray();
    }
}
