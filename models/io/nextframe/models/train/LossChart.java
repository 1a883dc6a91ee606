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
        write(png, rows, List.of(), List.of());
    }

    /**
     * The curve plus the moving averages of some of the rows' extra columns ({@code plotted}, a subset of
     * {@code columns}, the log's extra column names in row order): a GAN's discriminator loss or Wasserstein estimate
     * beside its generator loss. The y axis is logarithmic only when every plotted value is positive and they span
     * more than a decade. The font-free fallback draws the loss alone.
     */
    public static void write(Path png, List<LossLog.Row> rows, List<String> columns, List<String> plotted)
            throws IOException {
        int[] index = new int[plotted.size()];
        for (int i = 0; i < index.length; i++) {
            index[i] = columns.indexOf(plotted.get(i));
            if (index[i] < 0) {
                throw new IllegalArgumentException("LossChart: column '" + plotted.get(i) + "' is not among "
                        + columns);
            }
        }
        byte[] bytes;
        try {
            bytes = render(rows, plotted, index);
        } catch (Error | RuntimeException noFonts) {
            CurvePlot.write(png, rows);
            return;
        }
        AtomicFiles.write(png, bytes);
    }

    /** Distinct colours of the extra columns' curves (the loss keeps grey and blue). */
    private static final Color[] EXTRA = {new Color(0xD0402B), new Color(0x2E9B4F), new Color(0x8E44AD),
            new Color(0xE08E0B), new Color(0x17A2B8)};

    static byte[] render(List<LossLog.Row> rows) throws IOException {
        return render(rows, List.of(), new int[0]);
    }

    private static byte[] render(List<LossLog.Row> rows, List<String> names, int[] index) throws IOException {
        int n = rows.size();
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = rows.get(i).step();
            double v = rows.get(i).loss();
            y[i] = Double.isFinite(v) ? v : Double.NaN;
        }
        int window = Math.max(1, n / 100);
        double[][] extra = new double[index.length][n];
        for (int c = 0; c < index.length; c++) {
            for (int i = 0; i < n; i++) {
                double v = rows.get(i).extras().get(index[c]);
                extra[c][i] = Double.isFinite(v) ? v : Double.NaN;
            }
        }
        double lo = Double.POSITIVE_INFINITY, hi = 0;
        boolean positive = true;
        for (double[] series : concat(y, extra)) {
            for (double v : series) {
                if (Double.isNaN(v)) {
                    continue;
                }
                positive &= v > 0;
                if (v > 0) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        XYChart chart = new XYChartBuilder().width(800).height(480).title("training loss")
                .xAxisTitle("step").yAxisTitle("loss").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNE);
        // the raw loss's non-positive values were always dropped from a log axis; extra curves must all fit on it
        chart.getStyler().setYAxisLogarithmic(lo > 0 && hi / lo > 10 && (index.length == 0 || positive));
        XYSeries raw = chart.addSeries("loss", x, y);
        raw.setLineColor(new Color(0xB0B0B0));
        raw.setMarker(SeriesMarkers.NONE);
        XYSeries mean = chart.addSeries("moving average (" + window + " steps)", x, movingAverage(y, window));
        mean.setLineColor(new Color(0x1F4FBF));
        mean.setMarker(SeriesMarkers.NONE);
        for (int c = 0; c < index.length; c++) {
            XYSeries e = chart.addSeries(names.get(c) + " (moving average)", x, movingAverage(extra[c], window));
            e.setLineColor(EXTRA[c % EXTRA.length]);
            e.setMarker(SeriesMarkers.NONE);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        javax.imageio.ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", out);
        return out.toByteArray();
    }

    private static double[][] concat(double[] first, double[][] rest) {
        double[][] all = new double[rest.length + 1][];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** The mean of the finite values among the last {@code window} (NaN where there are none). */
    private static double[] movingAverage(double[] y, int window) {
        int n = y.length;
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
        return avg;
    }
}
