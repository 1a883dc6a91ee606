package io.nextframe.models.eval;

/**
 * A minimal streaming JSON writer for evaluation results (no dependency). It writes compact RFC 8259 text and
 * checks nothing about structure beyond comma placement; callers pair begin/end themselves.
 * Doubles use Java's shortest round-trip form ({@link Double#toString}, valid JSON number syntax). JSON has no
 * infinities: ±∞ is written {@code 1e999} / {@code -1e999}, a valid number literal that Python's {@code json},
 * JavaScript's {@code JSON.parse} and {@link Double#parseDouble} all read back as ±∞; NaN (an undefined value)
 * is written {@code null}.
 */
final class JsonWriter {
    private final StringBuilder out = new StringBuilder();
    /** True when the next value in the current container needs a comma first. */
    private boolean needComma;

    JsonWriter beginObject() {
        comma();
        out.append('{');
        needComma = false;
        return this;
    }

    JsonWriter endObject() {
        out.append('}');
        needComma = true;
        return this;
    }

    JsonWriter beginArray() {
        comma();
        out.append('[');
        needComma = false;
        return this;
    }

    JsonWriter endArray() {
        out.append(']');
        needComma = true;
        return this;
    }

    /** An object key; the next call writes its value. */
    JsonWriter name(String key) {
        comma();
        string(key);
        out.append(':');
        needComma = false;
        return this;
    }

    JsonWriter value(String s) {
        comma();
        string(s);
        needComma = true;
        return this;
    }

    JsonWriter value(long v) {
        comma();
        out.append(v);
        needComma = true;
        return this;
    }

    JsonWriter value(double v) {
        comma();
        out.append(number(v));
        needComma = true;
        return this;
    }

    JsonWriter value(double[] vs) {
        beginArray();
        for (double v : vs) {
            value(v);
        }
        return endArray();
    }

    static String number(double v) {
        if (Double.isNaN(v)) {
            return "null";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "1e999" : "-1e999";
        }
        return Double.toString(v);
    }

    private void comma() {
        if (needComma) {
            out.append(',');
        }
    }

    private void string(String s) {
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

    @Override
    public String toString() {
        return out.toString();
    }
}
