package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Storage;
import io.nextframe.core.Tensor;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The gradients accumulated during one reverse pass, keyed by Var.
 *
 * <p>In a first-order pass ({@code freeEarly}) it also bounds memory: each node's formula runs in a scope of its own
 * (its temporaries die with it), and a gradient tensor the pass made is closed as soon as no pending gradient refers to
 * its storage any more — so the pass holds the gradients of the frontier, not of the whole graph. Storages are counted,
 * not tensors, because formulas return views of, or the very tensor of, the gradient they were given. Tensors the pass
 * did not make (the caller's seed) are never closed. In a create-graph pass the gradients are graph values owned by
 * the caller's scope, and nothing is freed here.
 */
final class Gradients {
    private final boolean freeEarly;
    private final Map<Var, Var> grads = new IdentityHashMap<>();
    private final Map<Storage, int[]> refs = new IdentityHashMap<>();
    private final Map<Storage, Tensor> made = new IdentityHashMap<>();

    Gradients(boolean freeEarly) {
        this.freeEarly = freeEarly;
    }

    Var get(Var v) {
        return grads.get(v);
    }

    Map<Var, Var> all() {
        return grads;
    }

    /** Adds g into v's gradient. */
    void add(Var v, Var g) {
        Var prev = grads.get(v);
        if (prev == null) {
            grads.put(v, g);
            retain(g);
            return;
        }
        Var sum = F.add(prev, g);
        if (freeEarly) {
            made.put(sum.value().storage(), sum.value());
        }
        grads.put(v, sum);
        retain(sum);
        release(prev);
    }

    /** Runs a node's formula; in a first-order pass its temporaries are closed and its results made safe to keep. */
    Var[] apply(Node node, Var gy, boolean[] needs) {
        if (!freeEarly) {
            return node.apply(gy, needs);
        }
        Backend be = gy.backend();
        try (Scope s = be.scope()) {
            Var[] gx = node.apply(gy, needs);
            for (int j = 0; j < gx.length; j++) {
                if (gx[j] != null) {
                    gx[j] = keep(s, gx[j]);
                }
            }
            return gx;
        }
    }

    /** A result of a formula that outlives the formula's scope. */
    private Var keep(Scope s, Var g) {
        Tensor t = g.value();
        Storage st = t.storage();
        if (refs.containsKey(st) || made.containsKey(st)) {
            return g; // the gradient the node was given, or a view of it: already tracked
        }
        if (!t.isOwner()) {
            // a view of a temporary of the formula: copy it before the temporary goes
            t = t.backend().copyOf(t);
            g = Var.constant(t);
        }
        s.keep(t);
        made.put(t.storage(), t);
        return g;
    }

    /** v's gradient was consumed by its node: forget it, and close its storage if nothing else refers to it. */
    void consumed(Var v) {
        Var g = grads.remove(v);
        if (g != null) {
            release(g);
        }
    }

    private void retain(Var g) {
        if (freeEarly) {
            refs.computeIfAbsent(g.value().storage(), k -> new int[1])[0]++;
        }
    }

    private void release(Var g) {
        if (!freeEarly) {
            return;
        }
        Storage st = g.value().storage();
        int[] n = refs.get(st);
        if (n != null && --n[0] == 0) {
            refs.remove(st);
            Tensor owner = made.remove(st);
            if (owner != null) {
                owner.close();
            }
        }
    }
}
