package io.nextframe.models.svg.analysis;

import io.nextframe.core.io.AtomicFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The JSON text of the analyses' results, built from maps, lists, strings, numbers, booleans and primitive arrays
 * (insertion order kept: pass LinkedHashMaps). JSON has no NaN or infinities: they are written {@code null}.
 */
final class Json {
    private Json() {
    }

    static String of(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value);
        return out.toString();
    }

    /** Writes the JSON text atomically. */
    static void write(Path file, Object value) throws IOException {
        writeText(file, of(value) + "\n");
    }

    static void writeText(Path file, String text) throws IOException {
        writeBytes(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes a file atomically with the project's one mechanism (temporary sibling, fsync, rename). */
    static void writeBytes(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, bytes);
    }

    private static void write(StringBuilder out, Object v) {
        switch (v) {
            case null -> out.append("null");
            case String s -> string(out, s);
            case Boolean b -> out.append(b);
            case Double d -> number(out, d);
            case Float f -> number(out, f);
            case Number n -> out.append(n.longValue());
            case double[] a -> {
                out.append('[');
                for (int i = 0; i < a.length; i++) {
                    out.append(i > 0 ? "," : "");
                    number(out, a[i]);
                }
                out.append(']');
            }
            case int[] a -> {
                out.append('[');
                for (int i = 0; i < a.length; i++) {
                    out.append(i > 0 ? "," : "").append(a[i]);
                }
                out.append(']');
            }
            case long[] a -> {
                out.append('[');
                for (int i = 0; i < a.length; i++) {
                    out.append(i > 0 ? "," : "").append(a[i]);
                }
                out.append(']');
            }
            case boolean[] a -> {
                out.append('[');
                for (int i = 0; i < a.length; i++) {
                    out.append(i > 0 ? "," : "").append(a[i]);
                }
                out.append(']');
            }
            case List<?> l -> {
                out.append('[');
                for (int i = 0; i < l.size(); i++) {
                    out.append(i > 0 ? "," : "");
                    write(out, l.get(i));
                }
                out.append(']');
            }
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (var e : m.entrySet()) {
                    out.append(first ? "" : ",");
                    first = false;
                    string(out, String.valueOf(e.getKey()));
                    out.append(':');
                    write(out, e.getValue());
                }
                out.append('}');
            }
            default -> throw new IllegalArgumentException("Json: cannot write a " + v.getClass().getName());
        }
    }

    private static void number(StringBuilder out, double d) {
        if (Double.isFinite(d)) {
            out.append(d);
        } else {
            out.append("null");
        }
    }

    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
