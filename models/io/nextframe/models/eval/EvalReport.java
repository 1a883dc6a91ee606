package io.nextframe.models.eval;

import io.nextframe.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A self-contained HTML page for one evaluation: the setup, a table of every metric (mean, 95% interval, first and
 * last step, and per-step values), the metric-per-step plot and sample predictions as animated GIFs, all embedded
 * as data URIs so the page can be mailed or attached to a CI run. A small script marks the page with the number of
 * images the browser decoded ({@code data-images-loaded}) and shows a visible warning when one fails.
 */
public final class EvalReport {
    /** An embedded image: caption, MIME type and bytes. */
    public record Figure(String caption, String mime, byte[] bytes) {
    }

    private EvalReport() {
    }

    public static void write(Path html, EvalResult r, String modelFile, String backend, List<Figure> figures)
            throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(esc("nextframe eval: " + r.model() + " on " + r.dataset())).append("</title>\n<style>\n")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;")
                .append("text-align:right}th{background:#eee}td:first-child{text-align:left}\n")
                .append("figure{margin:1em 0}img{max-width:100%;image-rendering:pixelated}")
                .append(".steps{font-size:80%;color:#555}#warning{color:#b00;font-weight:bold}\n")
                .append("</style></head>\n<body>\n<h1>").append(esc(r.model())).append(" on ")
                .append(esc(r.dataset())).append("</h1>\n<p id=\"warning\"></p>\n<p>")
                .append(String.format(Locale.ROOT, "%d held-out sequences, %d context → %d predicted frames, "
                        + "best of %d samples, seed %d. Model file <code>%s</code>, backend <code>%s</code>.",
                        r.sequences(), r.past(), r.future(), r.samples(), r.seed(), esc(modelFile), esc(backend)))
                .append("</p>\n<table id=\"metrics\">\n<tr><th>metric</th><th>mean</th><th>95% CI</th>")
                .append("<th>step 1</th><th>step ").append(r.future()).append("</th><th>per step</th></tr>\n");
        for (Map.Entry<String, MetricSummary> e : r.metrics().entrySet()) {
            MetricSummary s = e.getValue();
            double[] ps = s.perStep();
            StringBuilder steps = new StringBuilder();
            for (int i = 0; i < ps.length; i++) {
                steps.append(i == 0 ? "" : " ").append(fmt(ps[i]));
            }
            sb.append("<tr><td>").append(esc(e.getKey())).append("</td><td>").append(fmt(s.mean()))
                    .append("</td><td>[").append(fmt(s.ciLow())).append(", ").append(fmt(s.ciHigh()))
                    .append("]</td><td>").append(fmt(ps[0])).append("</td><td>").append(fmt(ps[ps.length - 1]))
                    .append("</td><td class=\"steps\">").append(steps).append("</td></tr>\n");
        }
        sb.append("</table>\n");
        for (Figure f : figures) {
            sb.append("<figure><img alt=\"").append(esc(f.caption())).append("\" src=\"data:").append(f.mime())
                    .append(";base64,").append(Base64.getEncoder().encodeToString(f.bytes()))
                    .append("\"><figcaption>").append(esc(f.caption())).append("</figcaption></figure>\n");
        }
        sb.append("""
                <script>
                window.addEventListener('load', function () {
                  var imgs = document.images, ok = 0, bad = [];
                  for (var i = 0; i < imgs.length; i++) {
                    if (imgs[i].complete && imgs[i].naturalWidth > 0) { ok++; } else { bad.push(imgs[i].alt); }
                  }
                  document.body.setAttribute('data-images-loaded', String(ok));
                  if (bad.length) { document.getElementById('warning').textContent = 'images not shown: ' + bad.join(', '); }
                });
                </script>
                </body></html>
                """);
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        Files.createDirectories(html.toAbsolutePath().getParent());
        AtomicFiles.write(html, bytes);
    }

    private static String fmt(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : String.valueOf(v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
