package io.nextframe.core.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON parser (RFC 8259) for file headers, so the core needs no JSON dependency.
 * Values map to {@link Map} (insertion-ordered), {@link List}, {@link String}, {@link Number}, {@link Boolean} and
 * {@link #NULL}. Strict: no comments, trailing commas, leading zeros, unescaped control characters, lone surrogates,
 * duplicate object keys or trailing content. Bounded: nesting deeper than {@link #MAX_DEPTH} is refused, so hostile
 * input cannot overflow the stack, and the caller bounds the number of values (so a long run of tiny values cannot
 * make the parsed tree many times larger than the text) as well as the input length. Every error is a
 * {@link SyntaxError} with the character position.
 */
public final class Json {
    /** Deep enough for any real header (safetensors needs 3 levels); shallow enough for any thread stack. */
    public static final int MAX_DEPTH = 64;

    /** JSON {@code null} (Java null would be ambiguous with "absent" in maps). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** A JSON number, kept as its literal text; convert with {@link #longValueExact()}. */
    public record Number(String text) {
        public boolean isInteger() {
            return text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        }

        /** The value as a long, or null when it is not an integer or does not fit. */
        public Long longValueExact() {
            if (!isInteger() || text.length() > 20) {
                return null;
            }
            BigInteger v = new BigInteger(text);
            return v.bitLength() < 64 ? v.longValue() : null;
        }

        @Override
        public String toString() {
            return text;
        }
    }

    public static final class SyntaxError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message, int position) {
            super("invalid JSON at character " + position + ": " + message);
        }
    }

    private final String s;
    private final long maxValues;
    private long values;
    private int pos;

    private Json(String s, long maxValues) {
        this.s = s;
        this.maxValues = maxValues;
    }

    /** Parses one JSON value that spans the whole text (whitespace around it allowed). */
    public static Object parse(String text) {
        return parse(text, Long.MAX_VALUE);
    }

    /** As {@link #parse(String)}, refusing texts with more than {@code maxValues} values (keys not counted). */
    public static Object parse(String text, long maxValues) {
        Json p = new Json(text, maxValues);
        p.skipWhitespace();
        Object v = p.value(0);
        p.skipWhitespace();
        if (p.pos != text.length()) {
            throw p.error("unexpected content after the value");
        }
        return v;
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH);
        }
        if (++values > maxValues) {
            throw error("more than " + maxValues + " values");
        }
        if (pos >= s.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = s.charAt(pos);
        return switch (c) {
            case '{' -> object(depth);
            case '[' -> array(depth);
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", NULL);
            default -> {
                if (c == '-' || (c >= '0' && c <= '9')) {
                    yield number();
                }
                throw error("unexpected character " + describe(c));
            }
        };
    }

    private Map<String, Object> object(int depth) {
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipWhitespace();
        if (peek() == '}') {
            pos++;
            return Collections.unmodifiableMap(map);
        }
        while (true) {
            skipWhitespace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            int keyPos = pos;
            String key = string();
            skipWhitespace();
            expect(':');
            skipWhitespace();
            Object v = value(depth + 1);
            if (map.putIfAbsent(key, v) != null) {
                throw new SyntaxError("duplicate key \"" + abbreviate(key) + "\"", keyPos);
            }
            skipWhitespace();
            char c = next("',' or '}'");
            if (c == '}') {
                return Collections.unmodifiableMap(map);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' but found " + describe(c));
            }
        }
    }

    private List<Object> array(int depth) {
        pos++; // '['
        List<Object> list = new ArrayList<>();
        skipWhitespace();
        if (peek() == ']') {
            pos++;
            return Collections.unmodifiableList(list);
        }
        while (true) {
            skipWhitespace();
            list.add(value(depth + 1));
            skipWhitespace();
            char c = next("',' or ']'");
            if (c == ']') {
                return Collections.unmodifiableList(list);
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' but found " + describe(c));
            }
        }
    }

    private String string() {
        pos++; // opening quote
        StringBuilder sb = new StringBuilder();
        while (true) {
            char c = next("closing '\"'");
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("unescaped control character " + describe(c) + " in a string");
            }
            if (Character.isSurrogate(c)) {
                // the text came from a strict UTF-8 decoder, so raw surrogates are always well paired
                sb.append(c);
                continue;
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = next("an escape character");
            switch (e) {
                case '"' -> sb.append('"');
                case '\\' -> sb.append('\\');
                case '/' -> sb.append('/');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'u' -> {
                    char u = hex4();
                    if (Character.isHighSurrogate(u)) {
                        if (pos + 1 < s.length() && s.charAt(pos) == '\\' && s.charAt(pos + 1) == 'u') {
                            pos += 2;
                            char low = hex4();
                            if (!Character.isLowSurrogate(low)) {
                                throw error("high surrogate \\u" + Integer.toHexString(u)
                                        + " not followed by a low surrogate");
                            }
                            sb.append(u).append(low);
                        } else {
                            throw error("lone high surrogate \\u" + Integer.toHexString(u));
                        }
                    } else if (Character.isLowSurrogate(u)) {
                        throw error("lone low surrogate \\u" + Integer.toHexString(u));
                    } else {
                        sb.append(u);
                    }
                }
                default -> {
                    pos--;
                    throw error("invalid escape \\" + describe(e));
                }
            }
        }
    }

    private char hex4() {
        if (pos + 4 > s.length()) {
            throw error("truncated \\u escape");
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(s.charAt(pos + i), 16);
            if (d < 0 || s.charAt(pos + i) > 'f') {
                throw error("invalid hex digit in \\u escape");
            }
            v = v * 16 + d;
        }
        pos += 4;
        return (char) v;
    }

    private Number number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        if (peek() == '0') {
            pos++;
            if (isDigit(peek())) {
                throw error("leading zero in a number");
            }
        } else if (isDigit(peek())) {
            while (isDigit(peek())) {
                pos++;
            }
        } else {
            throw error("expected a digit");
        }
        if (peek() == '.') {
            pos++;
            if (!isDigit(peek())) {
                throw error("expected a digit after '.'");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        if (peek() == 'e' || peek() == 'E') {
            pos++;
            if (peek() == '+' || peek() == '-') {
                pos++;
            }
            if (!isDigit(peek())) {
                throw error("expected a digit in the exponent");
            }
            while (isDigit(peek())) {
                pos++;
            }
        }
        return new Number(s.substring(start, pos));
    }

    private Object literal(String word, Object value) {
        if (!s.startsWith(word, pos)) {
            throw error("unexpected characters, expected " + word);
        }
        pos += word.length();
        return value;
    }

    private void skipWhitespace() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                return;
            }
            pos++;
        }
    }

    /** The current character, or 0 at the end (0 never matches what callers look for). */
    private char peek() {
        return pos < s.length() ? s.charAt(pos) : 0;
    }

    private char next(String expected) {
        if (pos >= s.length()) {
            throw error("unexpected end of input, expected " + expected);
        }
        return s.charAt(pos++);
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private SyntaxError error(String message) {
        return new SyntaxError(message, pos);
    }

    private static String describe(char c) {
        return c >= 0x20 && c < 0x7F ? "'" + c + "'" : String.format("U+%04X", (int) c);
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    /** {@code value} as a JSON string literal, escaping quotes, backslashes and control characters. */
    public static String quote(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
