package io.nextframe.spark;

import io.nextframe.tools.UsageException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configurations of a sweep (CONTRACTS §5): each {@code --sweep key=v1,v2,…} or {@code key=a..b} (integers,
 * both ends included) lists one key's values; several give their cross product, the first key varying slowest.
 */
final class Sweep {
    private Sweep() {
    }

    static List<LinkedHashMap<String, String>> configurations(List<String> sweeps) {
        if (sweeps.isEmpty()) {
            throw new UsageException("--sweep is required: e.g. --sweep seed=1..4 or --sweep g_dim=64,128");
        }
        Map<String, List<String>> axes = new LinkedHashMap<>();
        for (String s : sweeps) {
            int eq = s.indexOf('=');
            if (eq <= 0 || eq == s.length() - 1) {
                throw new UsageException("--sweep '" + s + "': expected key=v1,v2,… or key=a..b");
            }
            String key = s.substring(0, eq).trim();
            if (axes.containsKey(key)) {
                throw new UsageException("--sweep " + key + " is given twice; list all its values in one --sweep");
            }
            axes.put(key, values(key, s.substring(eq + 1).trim()));
        }
        List<LinkedHashMap<String, String>> out = new ArrayList<>();
        out.add(new LinkedHashMap<>());
        for (Map.Entry<String, List<String>> axis : axes.entrySet()) {
            List<LinkedHashMap<String, String>> next = new ArrayList<>();
            for (LinkedHashMap<String, String> partial : out) {
                for (String v : axis.getValue()) {
                    LinkedHashMap<String, String> c = new LinkedHashMap<>(partial);
                    c.put(axis.getKey(), v);
                    next.add(c);
                }
            }
            out = next;
        }
        return out;
    }

    private static List<String> values(String key, String spec) {
        int dots = spec.indexOf("..");
        if (dots >= 0) {
            long a;
            long b;
            try {
                a = Long.parseLong(spec.substring(0, dots).trim());
                b = Long.parseLong(spec.substring(dots + 2).trim());
            } catch (NumberFormatException e) {
                throw new UsageException("--sweep " + key + "=" + spec + ": a range a..b takes integers");
            }
            if (b < a || b - a >= 10_000) {
                throw new UsageException("--sweep " + key + "=" + spec + ": expected a ≤ b, at most 10000 values");
            }
            List<String> v = new ArrayList<>();
            for (long x = a; x <= b; x++) {
                v.add(Long.toString(x));
            }
            return v;
        }
        List<String> v = new ArrayList<>();
        for (String p : spec.split(",")) {
            if (p.isBlank()) {
                throw new UsageException("--sweep " + key + "=" + spec + ": an empty value");
            }
            if (v.contains(p.trim())) {
                throw new UsageException("--sweep " + key + "=" + spec + ": value " + p.trim() + " is listed twice");
            }
            v.add(p.trim());
        }
        return v;
    }

    /** A run directory name: {@code seed-3}, {@code g_dim-64_seed-1} (file-name safe, unique per configuration). */
    static String name(Map<String, String> config) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : config.entrySet()) {
            if (!sb.isEmpty()) {
                sb.append('_');
            }
            sb.append(e.getKey()).append('-').append(e.getValue().replaceAll("[^A-Za-z0-9.+-]", "~"));
        }
        return sb.toString();
    }
}
