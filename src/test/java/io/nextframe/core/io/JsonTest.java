package io.nextframe.core.io;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() {
        Object v = Json.parse(" {\"a\": [1, -0, 2.5e-3, true, false, null, {}], \"b\\n\\u00e9\\ud83d\\ude00\": \"x\\\"\\\\/\"} ");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(7, a.size());
        assertEquals(1L, ((Json.Number) a.get(0)).longValueExact());
        assertEquals(0L, ((Json.Number) a.get(1)).longValueExact());
        assertNull(((Json.Number) a.get(2)).longValueExact(), "not an integer");
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(Boolean.FALSE, a.get(4));
        assertSame(Json.NULL, a.get(5));
        assertEquals(Map.of(), a.get(6));
        assertEquals("x\"\\/", m.get("b\né\uD83D\uDE00"));
    }

    @Test
    void integersBeyond64BitsAreNotLongs() {
        assertEquals(Long.MAX_VALUE, ((Json.Number) Json.parse("9223372036854775807")).longValueExact());
        assertEquals(Long.MIN_VALUE, ((Json.Number) Json.parse("-9223372036854775808")).longValueExact());
        assertNull(((Json.Number) Json.parse("9223372036854775808")).longValueExact());
        assertNull(((Json.Number) Json.parse("123456789012345678901234567890")).longValueExact());
    }

    @Test
    void rejectsWhatRfc8259Rejects() {
        for (String bad : List.of("", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "'a'", "01", "1.",
                ".5", "-", "1e", "+1", "[1 2]", "\"\\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"a\tb\"", "\"\\udc00\"",
                "\"\\ud800\\u0041\"", "nul", "truex", "[] []", "{\"a\":1,\"a\":2}", "/* c */ 1", "NaN", "Infinity")) {
            assertThrows(Json.SyntaxError.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void boundsDepthAndValueCount() {
        assertEquals(1, ((List<?>) Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH))).size());
        assertThrows(Json.SyntaxError.class, () -> Json.parse("[".repeat(100_000) + "]".repeat(100_000)));
        assertThrows(Json.SyntaxError.class, () -> Json.parse("[1,2,3,4]", 4));
        assertEquals(3, ((List<?>) Json.parse("[1,2,3]", 4)).size());
    }

    @Test
    void quoteRoundTrips() {
        String s = "a\"b\\c\nd\u0001é";
        assertEquals(s, Json.parse(Json.quote(s)));
    }
}
