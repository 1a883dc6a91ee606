package io.nextframe.tools;

import io.nextframe.core.io.Json;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes the plain values the verbs report (maps, lists, arrays, strings, numbers, booleans, null) as JSON. */
public final class JsonOut {
    private JsonOut() {
    }

    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    private static void write(StringBuilder sb, Object v) {
        switch (v) {
            case null -> sb.append("null");
            case String s -> sb.append(Json.quote(s));
            case Boolean b -> sb.append(b);
            case Integer i -> sb.append(i);
            case Long l -> sb.append(l);
            case Number n -> {
                double d = n.doubleValue();
                sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.9g", d).replaceFirst("\\.?0+(e|$)", "$1")
                        : "null");
            }
            case Map<?, ?> m -> {
                sb.append('{');
                Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
                while (it.hasNext()) {
                    var e = it.next();
                    sb.append(Json.quote(String.valueOf(e.getKey()))).append(": ");
                    write(sb, e.getValue());
                    if (it.hasNext()) {
                        sb.append(", ");
                    }
                }
                sb.append('}');
            }
            case List<?> l -> {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    write(sb, l.get(i));
                }
                sb.append(']');
            }
            case int[] a -> write(sb, java.util.Arrays.stream(a).boxed().toList());
            case long[] a -> write(sb, java.util.Arrays.stream(a).boxed().toList());
            case double[] a -> write(sb, java.util.Arrays.stream(a).boxed().toList());
            default -> sb.append(Json.quote(v.toString()));
        }
    }
}
