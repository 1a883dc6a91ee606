package io.nextframe.core.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated header of a safetensors file. {@link #parse} checks everything a reader relies on before any
 * tensor memory is allocated: the JSON syntax, that each entry is {@code {"dtype", "shape", "data_offsets"}} with a
 * known dtype, dimensions ≥ 0, a byte size (elements × dtype size) equal to {@code end − begin}, offsets inside the
 * data region, and no two tensors overlapping; {@code __metadata__} must be a flat map of strings to strings.
 * Unknown keys inside an entry are rejected (no writer produces them, and silently ignoring them could hide a
 * format we do not understand). Gaps between tensors and bytes after the last one are allowed.
 */
public record SafeTensorsHeader(Map<String, TensorEntry> tensors, Map<String, String> metadata) {
    public static final String METADATA_KEY = "__metadata__";
    /** Headers above this size are refused before they are read (the reference implementation uses the same bound). */
    public static final long MAX_HEADER_BYTES = 100L * 1000 * 1000;
    /** No tensor of a video model has more dimensions; the bound keeps hostile shapes cheap to refuse. */
    public static final int MAX_RANK = 16;
    /**
     * JSON values a header may hold: ≈ 25 per tensor at most, so room for 40 000+ tensors, while the parsed tree of a
     * hostile header stays around 100 MB however it is built.
     */
    public static final long MAX_JSON_VALUES = 1_000_000;

    public SafeTensorsHeader {
        tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    /**
     * Parses and validates {@code headerBytes} (the N bytes after the length prefix) for a file whose data region
     * holds {@code dataBytes} bytes.
     */
    public static SafeTensorsHeader parse(Path file, ByteBuffer headerBytes, long dataBytes)
            throws ModelFormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(headerBytes)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new ModelFormatException(file, "the safetensors header is not valid UTF-8", e);
        }
        Object root;
        try {
            root = Json.parse(text, MAX_JSON_VALUES);
        } catch (Json.SyntaxError e) {
            throw new ModelFormatException(file, "the safetensors header is not valid JSON: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> top)) {
            throw new ModelFormatException(file, "the safetensors header is not a JSON object");
        }
        Map<String, TensorEntry> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String name = (String) e.getKey();
            if (name.equals(METADATA_KEY)) {
                metadata = metadata(file, e.getValue());
            } else {
                tensors.put(name, entry(file, name, e.getValue(), dataBytes));
            }
        }
        checkOverlaps(file, tensors.values());
        return new SafeTensorsHeader(tensors, metadata);
    }

    private static Map<String, String> metadata(Path file, Object value) throws ModelFormatException {
        if (!(value instanceof Map<?, ?> m)) {
            throw new ModelFormatException(file, "\"" + METADATA_KEY + "\" must be an object of strings, found "
                    + kind(value));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw new ModelFormatException(file, "\"" + METADATA_KEY + "\" value of key " + quoted(e.getKey())
                        + " must be a string, found " + kind(e.getValue()));
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static TensorEntry entry(Path file, String name, Object value, long dataBytes)
            throws ModelFormatException {
        String where = "tensor " + quoted(name);
        if (!(value instanceof Map<?, ?> m)) {
            throw new ModelFormatException(file, where + ": expected an object, found " + kind(value));
        }
        for (Object k : m.keySet()) {
            if (!k.equals("dtype") && !k.equals("shape") && !k.equals("data_offsets")) {
                throw new ModelFormatException(file, where + ": unknown field " + quoted(k)
                        + " (expected dtype, shape, data_offsets)");
            }
        }
        if (!(m.get("dtype") instanceof String code)) {
            throw new ModelFormatException(file, where + ": \"dtype\" must be a string, found " + kind(m.get("dtype")));
        }
        FileDType dtype = FileDType.fromCode(code);
        if (dtype == null) {
            throw new ModelFormatException(file, where + ": unsupported dtype " + quoted(code) + " (known: F32, F16, "
                    + "BF16, F64, I64)");
        }
        List<Long> dims = integers(file, where, "shape", m.get("shape"), MAX_RANK);
        List<Long> offsets = integers(file, where, "data_offsets", m.get("data_offsets"), 2);
        if (offsets.size() != 2) {
            throw new ModelFormatException(file, where + ": \"data_offsets\" must hold 2 numbers [begin, end], found "
                    + offsets.size());
        }
        int[] shape = new int[dims.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = dims.get(i);
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new ModelFormatException(file, where + ": dimension " + i + " of the shape is " + d
                        + ", expected 0 … " + Integer.MAX_VALUE);
            }
            shape[i] = (int) d;
            // elements ≤ 2^63 / 2^31 before multiplying keeps the product exact; beyond, no file can hold it anyway
            if (elements != 0 && d != 0 && elements > Long.MAX_VALUE / 8 / d) {
                throw new ModelFormatException(file, where + ": shape " + dims + " is too large");
            }
            elements *= d;
        }
        long begin = offsets.get(0), end = offsets.get(1);
        if (begin < 0 || end < begin) {
            throw new ModelFormatException(file, where + ": data_offsets [" + begin + ", " + end
                    + "] must satisfy 0 ≤ begin ≤ end");
        }
        long expected = elements * dtype.byteSize();
        if (end - begin != expected) {
            throw new ModelFormatException(file, where + ": shape " + dims + " of " + dtype + " needs " + expected
                    + " bytes, data_offsets [" + begin + ", " + end + "] span " + (end - begin));
        }
        if (end > dataBytes) {
            throw new ModelFormatException(file, where + ": data_offsets [" + begin + ", " + end
                    + "] reach beyond the data region of " + dataBytes + " bytes (the file is truncated or the "
                    + "header is wrong)");
        }
        return new TensorEntry(name, dtype, shape, begin, end);
    }

    private static List<Long> integers(Path file, String where, String field, Object value, int maxCount)
            throws ModelFormatException {
        if (!(value instanceof List<?> list)) {
            throw new ModelFormatException(file, where + ": \"" + field + "\" must be an array of integers, found "
                    + kind(value));
        }
        if (list.size() > maxCount) {
            throw new ModelFormatException(file, where + ": \"" + field + "\" has " + list.size()
                    + " entries, at most " + maxCount + " allowed");
        }
        List<Long> out = new ArrayList<>(list.size());
        for (Object o : list) {
            Long v = o instanceof Json.Number n ? n.longValueExact() : null;
            if (v == null) {
                throw new ModelFormatException(file, where + ": \"" + field + "\" entry " + o
                        + " is not an integer in the 64-bit range");
            }
            out.add(v);
        }
        return out;
    }

    private static void checkOverlaps(Path file, Iterable<TensorEntry> entries) throws ModelFormatException {
        List<TensorEntry> sorted = new ArrayList<>();
        for (TensorEntry e : entries) {
            if (e.byteSize() > 0) { // empty tensors occupy no bytes and cannot overlap anything
                sorted.add(e);
            }
        }
        sorted.sort(Comparator.comparingLong(TensorEntry::begin));
        for (int i = 1; i < sorted.size(); i++) {
            TensorEntry prev = sorted.get(i - 1), cur = sorted.get(i);
            if (cur.begin() < prev.end()) {
                throw new ModelFormatException(file, "tensors " + quoted(prev.name()) + " [" + prev.begin() + ", "
                        + prev.end() + ") and " + quoted(cur.name()) + " [" + cur.begin() + ", " + cur.end()
                        + ") overlap");
            }
        }
    }

    /** Reads the 8-byte little-endian header length. */
    static long headerLength(ByteBuffer prefix) {
        return prefix.order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    }

    private static String kind(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof List<?>) {
            return "an array";
        }
        if (v instanceof String s) {
            return "the string " + quoted(s);
        }
        return v == Json.NULL ? "null" : v.toString();
    }

    private static String quoted(Object s) {
        String t = String.valueOf(s);
        return Json.quote(t.length() <= 60 ? t : t.substring(0, 60) + "…");
    }
}
