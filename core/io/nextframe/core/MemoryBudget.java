package io.nextframe.core;

import java.util.Locale;

/**
 * The memory budget of a {@link Backend}: the most bytes its live tensors may hold together. A request that would
 * go over it fails with {@link MemoryBudgetExceededException} before anything is allocated, so a service embedding
 * the library gets a clear error instead of an {@link OutOfMemoryError}, a killed process or a device that thrashes.
 * Set with {@code -Dnextframe.memory.budget=2g} (or {@code NEXTFRAME_MEMORY_BUDGET=2g}) for every backend opened
 * afterwards, or per backend with {@link Backend#setMemoryBudget(long)}. Unset means unlimited.
 */
public final class MemoryBudget {
    public static final String PROPERTY = "nextframe.memory.budget";
    public static final String ENV = "NEXTFRAME_MEMORY_BUDGET";
    public static final long UNLIMITED = Long.MAX_VALUE;

    private MemoryBudget() {
    }

    /** The budget the system property, else the environment variable, names; else {@link #UNLIMITED}. */
    public static long configured() {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return parse(p, "-D" + PROPERTY);
        }
        String e = System.getenv(ENV);
        return e != null && !e.isBlank() ? parse(e, ENV) : UNLIMITED;
    }

    /**
     * Parses a size: a number of bytes, or a number with a binary suffix {@code k m g t} (case-insensitive, an
     * optional trailing {@code b}/{@code ib}): {@code 2g}, {@code 512MiB}, {@code 1.5G}. {@code unlimited} or
     * {@code none} mean no budget.
     */
    public static long parse(String text, String source) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("unlimited") || t.equals("none")) {
            return UNLIMITED;
        }
        if (t.endsWith("ib")) {
            t = t.substring(0, t.length() - 2);
        } else if (t.endsWith("b")) {
            t = t.substring(0, t.length() - 1);
        }
        int shift = 0;
        if (!t.isEmpty()) {
            shift = switch (t.charAt(t.length() - 1)) {
                case 'k' -> 10;
                case 'm' -> 20;
                case 'g' -> 30;
                case 't' -> 40;
                default -> 0;
            };
        }
        String number = shift == 0 ? t : t.substring(0, t.length() - 1).strip();
        try {
            double v = Double.parseDouble(number);
            double bytes = v * Math.pow(2, shift);
            if (!(bytes > 0) || bytes >= 0x1p63) {
                throw new NumberFormatException();
            }
            return (long) bytes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(source + " = '" + text + "' is not a memory size; expected e.g. 2g, "
                    + "512m, 1073741824 or unlimited");
        }
    }

    /** {@code bytes} for people: "1.50 GiB", "12.0 MiB", "512 B". */
    public static String format(long bytes) {
        if (bytes == UNLIMITED) {
            return "unlimited";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        int u = 0;
        double v = bytes;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(Locale.ROOT, v < 10 ? "%.2f %s" : "%.1f %s", v, units[u]);
    }
}
