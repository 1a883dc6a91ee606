package io.nextframe.models.drnet;

import java.util.Locale;
import java.util.Map;

/** Reading typed values from a flat string metadata map, each failure naming the key and the value. */
final class Meta {
    private Meta() {
    }

    static String string(Map<String, String> m, String key, String fallback) {
        String v = m.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("DrNET file: metadata lacks '" + key + "'");
            }
            return fallback;
        }
        return v.trim();
    }

    static int integer(Map<String, String> m, String key, Integer fallback) {
        String v = m.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new IllegalArgumentException("DrNET file: metadata lacks '" + key + "'");
            }
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DrNET file: metadata '" + key + "' = '" + v + "' is not an integer");
        }
    }

    static double number(Map<String, String> m, String key, double fallback) {
        String v = m.get(key);
        try {
            return v == null ? fallback : Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("DrNET file: metadata '" + key + "' = '" + v + "' is not a number");
        }
    }

    static boolean bool(Map<String, String> m, String key, boolean fallback) {
        String v = m.get(key);
        if (v == null) {
            return fallback;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("DrNET file: metadata '" + key + "' = '" + v
                    + "' is not true/false");
        };
    }
}
