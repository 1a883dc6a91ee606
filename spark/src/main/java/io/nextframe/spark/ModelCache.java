package io.nextframe.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models loaded in this JVM, one per {@link ModelSpec#key()}: an executor loads a model once, on the first task
 * that needs it, and all its task threads share those immutable weights, each clip running in its own
 * {@link io.nextframe.models.api.PredictionSession}. Models stay loaded until the JVM ends (an executor serves one
 * application). In local mode the driver JVM is the executor.
 *
 * <p>Each task thread computes with one backend thread unless {@code -Dnextframe.threads} says otherwise: Spark
 * already runs one task per core, and more backend threads per task would only oversubscribe the cores.
 */
final class ModelCache {
    private static final ConcurrentHashMap<String, ModelSpec.Loaded> LOADED = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    private ModelCache() {
    }

    static ModelSpec.Loaded get(ModelSpec spec) {
        return LOADED.computeIfAbsent(spec.key(), k -> {
            if (System.getProperty("nextframe.threads") == null) {
                System.setProperty("nextframe.threads", "1");
            }
            try {
                ModelSpec.Loaded l = spec.open();
                LOADS.incrementAndGet();
                return l;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** How many times a model was loaded in this JVM (tests check: once per JVM, not per task). */
    static int loads() {
        return LOADS.get();
    }
}
