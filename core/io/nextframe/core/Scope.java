package io.nextframe.core;

import java.util.ArrayList;
import java.util.List;

/**
 * A region in which temporaries live: every tensor a backend allocates on this thread while the scope is the
 * innermost open one is closed when the scope closes, unless it was {@link #keep kept}. Scopes nest.
 * <pre>{@code try (var scope = backend.scope()) { Tensor t = backend.zeros(...); ...; return scope.keep(out); }}</pre>
 */
public final class Scope implements AutoCloseable {
    private final Backend backend;
    private final Scope parent;
    private final List<Tensor> owned = new ArrayList<>();
    private boolean closed;

    Scope(Backend backend, Scope parent) {
        this.backend = backend;
        this.parent = parent;
    }

    void adopt(Tensor t) {
        owned.add(t);
    }

    Scope parent() {
        return parent;
    }

    /**
     * Takes {@code t} out of this scope so it outlives it: it moves to the enclosing scope, or, if there is none,
     * to the caller, who must close it.
     */
    public Tensor keep(Tensor t) {
        if (owned.remove(t) && parent != null) {
            parent.adopt(t);
        }
        return t;
    }

    void forget(Tensor t) {
        owned.remove(t);
    }

    /** Number of tensors this scope will close. */
    public int size() {
        return owned.size();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        backend.popScope(this);
        for (int i = owned.size() - 1; i >= 0; i--) {
            owned.get(i).close();
        }
        owned.clear();
    }
}
