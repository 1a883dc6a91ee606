package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The reverse pass over the tape.
 *
 * <p>Each recorded node runs its backward formula once, in reverse topological order, with the sum of the gradients
 * that reached its output. With {@code createGraph} the formulas run with recording on, so the gradients are Vars with
 * their own graph (gradients of gradients); otherwise they run with recording off and may use fused kernels.
 *
 * <p>Memory: without {@code createGraph} every tensor the pass allocates lives in a scope of its own, closed when the
 * pass ends, and a gradient is closed as soon as the nodes that read it have run ({@link Gradients}); what survives is the leaves' accumulated {@link Var#grad()} (owned by each leaf, outside every scope) and
 * the gradients {@link #grad} returns (moved to the caller's scope). With {@code createGraph} the gradients are part of
 * a new graph and live in the caller's scope like any other op output. Unless {@code retainGraph} (implied by
 * {@code createGraph}), each node a pass went through is freed afterwards: it drops its inputs and closes its private
 * buffers.
 */
public final class Autograd {

    private Autograd() {
    }

    /** {@link Var#backward(Tensor, boolean)} with an explicit create-graph flag (the leaves' grads hold values only). */
    public static void backward(Var root, Tensor seed, boolean retainGraph, boolean createGraph) {
        checkRoot("backward", root);
        Var s = seed == null ? null : Var.constant(seed);
        Backend b = root.backend();
        try (Scope pass = createGraph ? null : b.scope()) {
            Map<Var, Var> grads = run(List.of(root), Collections.singletonList(s), null, createGraph,
                    retainGraph || createGraph);
            for (Map.Entry<Var, Var> e : grads.entrySet()) {
                if (e.getKey().isLeaf()) {
                    e.getKey().accumulate(e.getValue().value());
                }
            }
        }
    }

    /** The gradient of a one-element {@code output} with respect to {@code input}. */
    public static Var grad(Var output, Var input, boolean createGraph) {
        return grad(List.of(output), null, List.of(input), createGraph, createGraph).getFirst();
    }

    /** Gradients of the sum of one-element {@code outputs} with respect to each of {@code inputs}. */
    public static List<Var> grad(List<Var> outputs, List<Var> inputs, boolean createGraph) {
        return grad(outputs, null, inputs, createGraph, createGraph);
    }

    /**
     * Σ_k ⟨seeds[k], outputs[k]⟩ differentiated with respect to each input (seeds null: all ones, which needs
     * one-element outputs). Leaves' {@link Var#grad()} are not touched. An input the outputs do not depend on gets a
     * zero gradient. Without createGraph the results are constants owned by the caller's current scope.
     */
    public static List<Var> grad(List<Var> outputs, List<Tensor> seeds, List<Var> inputs, boolean createGraph,
                                 boolean retainGraph) {
        if (outputs.isEmpty() || inputs.isEmpty()) {
            throw new IllegalArgumentException("Autograd.grad: needs at least one output and one input");
        }
        if (seeds != null && seeds.size() != outputs.size()) {
            throw new IllegalArgumentException("Autograd.grad: " + seeds.size() + " seeds for " + outputs.size()
                    + " outputs");
        }
        for (Var o : outputs) {
            checkRoot("Autograd.grad", o);
        }
        Set<Var> targets = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < inputs.size(); i++) {
            Var in = inputs.get(i);
            if (!in.requiresGrad()) {
                throw new IllegalArgumentException("Autograd.grad: input " + i + " " + in
                        + " does not require grad; make it with Var.param(...)");
            }
            targets.add(in);
        }
        List<Var> seedVars = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            seedVars.add(seeds == null ? null : Var.constant(seeds.get(i)));
        }
        Backend b = outputs.getFirst().backend();
        List<Var> result = new ArrayList<>(inputs.size());
        try (Scope pass = createGraph ? null : b.scope()) {
            Map<Var, Var> grads = run(outputs, seedVars, targets, createGraph, retainGraph || createGraph);
            for (Var in : inputs) {
                Var g = grads.get(in);
                if (g == null) {
                    result.add(Var.constant(in.backend().zerosLike(in.value())));
                } else if (createGraph) {
                    result.add(g);
                } else {
                    result.add(Var.constant(g.value()));
                }
            }
            if (pass != null) {
                // the results may be views of, or the same tensor as, temporaries of the pass: copy them out
                List<Var> owned = new ArrayList<>(result.size());
                for (Var g : result) {
                    Tensor t = g.value().backend().copyOf(g.value());
                    owned.add(Var.constant(pass.keep(t)));
                }
                return owned;
            }
        }
        return result;
    }

    private static void checkRoot(String op, Var root) {
        if (!root.requiresGrad()) {
            throw new IllegalArgumentException(op + ": " + root + " does not require grad (no input of the ops that"
                    + " made it requires grad, or they ran under Grad.off())");
        }
    }

    /**
     * The reverse pass proper. {@code targets} null means every leaf that requires grad is wanted (backward());
     * otherwise only the listed Vars, and nodes that cannot reach one of them are skipped.
     * Returns the accumulated gradient of every Var the pass reached.
     */
    private static Map<Var, Var> run(List<Var> roots, List<Var> seeds, Set<Var> targets, boolean createGraph,
                                     boolean retainGraph) {
        List<Var> postorder = topologicalOrder(roots);
        Set<Var> reaches = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Var v : postorder) {
            // inputs come before the Vars made from them in postorder
            if (targets == null || targets.contains(v)) {
                reaches.add(v);
                continue;
            }
            if (v.isLeaf()) {
                continue;
            }
            for (Var in : v.node().inputs()) {
                if (in != null && in.requiresGrad() && (in.isLeaf() ? wanted(in, targets) : reaches.contains(in))) {
                    reaches.add(v);
                    break;
                }
            }
        }
        Gradients grads = new Gradients(!createGraph);
        try (Grad.Mode mode = Grad.set(createGraph)) {
            for (int i = 0; i < roots.size(); i++) {
                Var r = roots.get(i);
                Var s = seeds.get(i);
                if (s == null) {
                    if (r.value().size() != 1) {
                        throw new IllegalArgumentException("backward: output " + r + " has " + r.value().size()
                                + " elements; pass a seed gradient of its shape");
                    }
                    Tensor one = r.backend().zerosLike(r.value());
                    r.backend().fill(one, 1f);
                    s = Var.constant(one);
                } else if (!s.shape().equals(r.shape())) {
                    throw new IllegalArgumentException("backward: seed has shape " + s.shape() + ", output " + r
                            + " has " + r.shape());
                }
                grads.add(r, s);
            }
            for (int k = postorder.size() - 1; k >= 0; k--) {
                Var v = postorder.get(k);
                if (v.isLeaf()) {
                    continue;
                }
                Var gy = grads.get(v);
                Node node = v.node();
                if (gy != null && reaches.contains(v)) {
                    Var[] ins = node.inputs();
                    boolean[] needs = new boolean[ins.length];
                    boolean any = false;
                    for (int j = 0; j < ins.length; j++) {
                        Var in = ins[j];
                        needs[j] = in != null && in.requiresGrad()
                                && (in.isLeaf() ? wanted(in, targets) : reaches.contains(in));
                        any |= needs[j];
                    }
                    // a wanted non-leaf whose own inputs lead nowhere wanted: nothing to propagate
                    Var[] gx = any ? grads.apply(node, gy, needs) : new Var[ins.length];
                    for (int j = 0; j < ins.length; j++) {
                        if (needs[j] && gx[j] != null) {
                            grads.add(ins[j], gx[j]);
                        }
                    }
                    if (targets == null || !targets.contains(v)) {
                        grads.consumed(v);
                    }
                }
                if (!retainGraph) {
                    node.release();
                }
            }
        }
        return grads.all();
    }

    private static boolean wanted(Var leaf, Set<Var> targets) {
        return targets == null || targets.contains(leaf);
    }

    /** Every Var reachable from the roots through inputs that require grad, inputs before their users. */
    private static List<Var> topologicalOrder(List<Var> roots) {
        List<Var> order = new ArrayList<>();
        Set<Var> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        ArrayDeque<Frame> stack = new ArrayDeque<>();
        for (Var r : roots) {
            if (visited.add(r)) {
                stack.push(new Frame(r));
            }
            while (!stack.isEmpty()) {
                Frame f = stack.peek();
                Var[] ins = f.v.isLeaf() ? new Var[0] : f.v.node().inputs();
                if (f.next < ins.length) {
                    Var in = ins[f.next++];
                    if (in != null && in.requiresGrad() && visited.add(in)) {
                        stack.push(new Frame(in));
                    }
                } else {
                    order.add(stack.pop().v);
                }
            }
        }
        return order;
    }

    private static final class Frame {
        final Var v;
        int next;

        Frame(Var v) {
            this.v = v;
        }
    }
}
