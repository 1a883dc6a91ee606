package io.nextframe.models.eval;

import io.nextframe.core.io.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads back what {@link EvalResult#toJson()} writes (e.g. to plot several evaluations together). */
public final class EvalResultJson {
    private EvalResultJson() {
    }

    public static EvalResult read(Path file) throws IOException {
        Object root;
        try {
            root = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (Json.SyntaxError e) {
            throw new IOException(file + ": not JSON (" + e.getMessage() + ")", e);
        }
        try {
            Map<?, ?> m = (Map<?, ?>) root;
            Map<String, MetricSummary> metrics = new LinkedHashMap<>();
            long sequences = (long) num(m.get("sequences"));
            for (var e : ((Map<?, ?>) m.get("metrics")).entrySet()) {
                Map<?, ?> s = (Map<?, ?>) e.getValue();
                double[] per = nums((List<?>) s.get("per_step"));
                double[] lo = new double[per.length];
                double[] hi = new double[per.length];
                List<?> ci = (List<?>) s.get("per_step_ci95");
                for (int i = 0; i < per.length; i++) {
                    double[] pair = ci == null ? new double[] {per[i], per[i]} : nums((List<?>) ci.get(i));
                    lo[i] = pair[0];
                    hi[i] = pair[1];
                }
                double[] c = nums((List<?>) s.get("ci95"));
                metrics.put((String) e.getKey(), new MetricSummary(per, lo, hi, num(s.get("mean")), c[0], c[1],
                        sequences));
            }
            return new EvalResult((String) m.get("model"), (String) m.get("dataset"), sequences,
                    (int) num(m.get("past")), (int) num(m.get("future")), (int) num(m.get("samples")),
                    (long) num(m.get("seed")), metrics);
        } catch (ClassCastException | NullPointerException | IndexOutOfBoundsException e) {
            throw new IOException(file + ": not an eval result (expected the shape nextframe eval --json writes)", e);
        }
    }

    private static double num(Object o) {
        return o == null || o == Json.NULL ? Double.NaN : Double.parseDouble(((Json.Number) o).text());
    }

    private static double[] nums(List<?> l) {
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = num(l.get(i));
        }
        return out;
    }
}
