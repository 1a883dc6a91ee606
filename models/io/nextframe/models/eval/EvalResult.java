package io.nextframe.models.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The result of {@code eval}, in the shape of CONTRACTS.md §5:
 * {@code {"model", "dataset", "sequences", "past", "future", "samples", "seed", "metrics": {NAME: {"per_step",
 * "mean", "ci95"}}}}. Each metric also carries {@code "per_step_ci95"} (an addition: the intervals the SVG paper
 * plots). Metrics keep their insertion order.
 */
public record EvalResult(String model, String dataset, long sequences, int past, int future, int samples, long seed,
        Map<String, MetricSummary> metrics) {
    public EvalResult {
        if (model == null || dataset == null) {
            throw new IllegalArgumentException("EvalResult: model and dataset names are required");
        }
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }

    /** A copy with one more metric (e.g. {@code parzen_ll} or {@code velocity_kl_<shape>}). */
    public EvalResult with(String name, MetricSummary summary) {
        if (metrics.containsKey(name)) {
            throw new IllegalArgumentException("EvalResult: metric " + name + " is already present");
        }
        Map<String, MetricSummary> m = new LinkedHashMap<>(metrics);
        m.put(name, summary);
        return new EvalResult(model, dataset, sequences, past, future, samples, seed, m);
    }

    /** Compact JSON text (see {@link JsonWriter} for how ±∞ and undefined values are written). */
    public String toJson() {
        JsonWriter json = new JsonWriter();
        json.beginObject();
        json.name("model").value(model);
        json.name("dataset").value(dataset);
        json.name("sequences").value(sequences);
        json.name("past").value(past);
        json.name("future").value(future);
        json.name("samples").value(samples);
        json.name("seed").value(seed);
        json.name("metrics").beginObject();
        for (Map.Entry<String, MetricSummary> e : metrics.entrySet()) {
            json.name(e.getKey());
            e.getValue().writeJson(json);
        }
        json.endObject();
        json.endObject();
        return json.toString();
    }
}
