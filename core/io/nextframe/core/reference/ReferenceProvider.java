package io.nextframe.core.reference;

import io.nextframe.core.spi.BackendProvider;
import io.nextframe.core.spi.Kernels;

import java.util.List;

/** The always-available oracle backend, lowest priority so {@code auto} never picks it over a fast one. */
public final class ReferenceProvider implements BackendProvider {

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public int priority() {
        return 0;
    }

    @Override
    public Availability probe() {
        return Availability.yes("plain Java loops, always available");
    }

    @Override
    public Kernels open(String selector) {
        if (selector != null && !selector.isEmpty()) {
            throw new IllegalStateException("backend reference takes no device selector, got '" + selector + "'");
        }
        return new ReferenceKernels();
    }

    @Override
    public List<String> devices() {
        return List.of("cpu (one thread, float64 arithmetic)");
    }
}
