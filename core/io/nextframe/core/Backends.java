package io.nextframe.core;

import io.nextframe.core.spi.BackendProvider;
import io.nextframe.core.spi.Kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Finds backends through {@link ServiceLoader} and opens them by name: {@code "auto"}, {@code "simd"},
 * {@code "opencl"}, {@code "opencl:<index or name fragment>"}, {@code "reference"}. {@code auto} takes an OpenCL GPU
 * when one exists, else the available provider of highest priority. A backend that was asked for by name and is not
 * available is an error naming the reason, never a silent fallback. The default name comes from
 * {@code -Dnextframe.backend}, else {@code NEXTFRAME_BACKEND}, else {@code auto}.
 */
public final class Backends {
    private static final Logger LOG = Logger.getLogger(Backends.class.getName());
    private static final Map<String, Backend> SHARED = new ConcurrentHashMap<>();

    private Backends() {
    }

    /** Every provider on the class path, highest priority first. */
    public static List<BackendProvider> providers() {
        List<BackendProvider> list = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader())) {
            list.add(p);
        }
        list.sort(Comparator.comparingInt(BackendProvider::priority).reversed());
        return list;
    }

    /** The name chosen by system property or environment, else "auto". */
    public static String defaultName() {
        String p = System.getProperty("nextframe.backend");
        if (p != null && !p.isBlank()) {
            return p.trim();
        }
        String e = System.getenv("NEXTFRAME_BACKEND");
        return e != null && !e.isBlank() ? e.trim() : "auto";
    }

    /** The backend {@link #defaultName()} selects. */
    public static Backend get() {
        return get(defaultName());
    }

    /**
     * The shared instance for {@code name}, opened on first use and kept for the life of the JVM (do not close it).
     */
    public static Backend get(String name) {
        String key = resolve(name);
        return SHARED.computeIfAbsent(key, Backends::open);
    }

    /** A new instance the caller owns and closes. */
    public static Backend open(String name) {
        String key = resolve(name);
        int colon = key.indexOf(':');
        String family = colon < 0 ? key : key.substring(0, colon);
        String selector = colon < 0 ? "" : key.substring(colon + 1);
        List<BackendProvider> all = providers();
        for (BackendProvider p : all) {
            if (p.name().equals(family)) {
                BackendProvider.Availability a = p.probe();
                if (!a.available()) {
                    throw new IllegalStateException("backend '" + name + "' is not available: " + a.reason());
                }
                Kernels k = p.open(selector);
                LOG.fine(() -> "backend " + key + ": " + k.description());
                return new Backend(k, key);
            }
        }
        throw new IllegalArgumentException("unknown backend '" + name + "'; known: "
                + all.stream().map(BackendProvider::name).toList() + " and 'auto'");
    }

    /** Turns "auto" into a concrete name: an OpenCL GPU if present, else the best available provider. */
    public static String resolve(String name) {
        String n = name == null ? "auto" : name.trim().toLowerCase();
        if (!n.equals("auto")) {
            return n;
        }
        List<BackendProvider> all = providers();
        for (BackendProvider p : all) {
            BackendProvider.Availability a = p.probe();
            if (a.available() && a.gpu()) {
                LOG.info("backend auto → " + p.name() + ": " + a.reason());
                return p.name();
            }
        }
        for (BackendProvider p : all) {
            BackendProvider.Availability a = p.probe();
            if (a.available() && !p.name().equals("opencl")) {
                LOG.fine(() -> "backend auto → " + p.name() + ": " + a.reason());
                return p.name();
            }
        }
        throw new IllegalStateException("no backend is available: " + all.stream()
                .map(p -> p.name() + " (" + p.probe().reason() + ")").toList());
    }
}
