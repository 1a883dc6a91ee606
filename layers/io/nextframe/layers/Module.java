package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.io.HostTensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A node of a model: parameters, buffers and child modules, each registered under a local name, so that the
 * hierarchical dotted names of {@link #stateDict()} are PyTorch's state-dict keys ({@code c1.main.0.weight}).
 * Registration order is the key order, as in PyTorch. A module owns its tensors; {@link #close()} frees them.
 */
public abstract class Module implements AutoCloseable {
    protected final Backend backend;
    private final Map<String, Parameter> parameters = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    protected Module(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": backend is null");
        }
        this.backend = backend;
    }

    public Backend backend() {
        return backend;
    }

    // ---- registration ---------------------------------------------------------------------------------------------

    protected Parameter parameter(String name, Tensor value) {
        checkName(name);
        Parameter p = new Parameter(value);
        parameters.put(name, p);
        return p;
    }

    protected Buffer buffer(String name, Tensor value, boolean optional) {
        checkName(name);
        Buffer b = new Buffer(value, optional);
        buffers.put(name, b);
        return b;
    }

    protected <M extends Module> M child(String name, M module) {
        checkName(name);
        if (module.backend != backend) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": child '" + name + "' lives on backend "
                    + module.backend.name() + ", this module on " + backend.name());
        }
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": local name '" + name
                    + "' must be non-empty and contain no dot");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": name '" + name + "' already used");
        }
    }

    // ---- traversal ------------------------------------------------------------------------------------------------

    /** The direct children in registration order. */
    public Map<String, Module> children() {
        return new LinkedHashMap<>(children);
    }

    /** Every parameter under its dotted name, depth first in registration order. */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> m.parameters.forEach((k, p) -> out.put(prefix + k, p)));
        return out;
    }

    public List<Parameter> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Only the trainable parameters, by dotted name (what an optimizer updates). */
    public Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        namedParameters().forEach((k, p) -> {
            if (p.trainable()) {
                out.put(k, p);
            }
        });
        return out;
    }

    public Map<String, Buffer> namedBuffers() {
        Map<String, Buffer> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> m.buffers.forEach((k, b) -> out.put(prefix + k, b)));
        return out;
    }

    /** This module and every descendant, by dotted path ("" for this one). */
    public Map<String, Module> namedModules() {
        Map<String, Module> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> out.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), m));
        return out;
    }

    private void visit(String prefix, BiConsumer<String, Module> f) {
        f.accept(prefix, this);
        children.forEach((k, c) -> c.visit(prefix + k + ".", f));
    }

    /** The layers with a random counter (dropout, samplers), by dotted path. */
    public Map<String, RandomCounter> randomCounters() {
        Map<String, RandomCounter> out = new LinkedHashMap<>();
        namedModules().forEach((path, m) -> {
            if (m instanceof RandomCounter r) {
                out.put(path, r);
            }
        });
        return out;
    }

    /** Number of trainable parameter elements (running statistics and frozen parameters excluded). */
    public long parameterCount() {
        long n = 0;
        for (Parameter p : trainableParameters().values()) {
            n += p.value().size();
        }
        return n;
    }

    // ---- modes ----------------------------------------------------------------------------------------------------

    /** Training mode for this module and all descendants (batch statistics, active dropout). */
    public Module train() {
        return setTraining(true);
    }

    /** Evaluation mode for this module and all descendants. */
    public Module eval() {
        return setTraining(false);
    }

    public Module setTraining(boolean on) {
        namedModules().values().forEach(m -> m.training = on);
        return this;
    }

    public boolean isTraining() {
        return training;
    }

    /** Closes the gradients of every parameter. */
    public void zeroGrad() {
        namedParameters().values().forEach(Parameter::zeroGrad);
    }

    // ---- state dict -----------------------------------------------------------------------------------------------

    /** Parameters then buffers of each module, depth first: PyTorch's key order. The tensors are the live ones. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        visit("", (prefix, m) -> {
            m.parameters.forEach((k, p) -> out.put(prefix + k, p.value()));
            m.buffers.forEach((k, b) -> out.put(prefix + k, b.value()));
        });
        return out;
    }

    /** Loads strictly: any missing, unexpected or mis-shaped key is an error and nothing is loaded. */
    public void load(Map<String, HostTensor> state) {
        load(state, true);
    }

    /**
     * Copies the matching tensors of {@code state} into this module's parameters and buffers. Every problem is
     * found before anything is written. Mis-shaped keys are always an error; missing and unexpected keys are an
     * error only when {@code strict} (optional buffers may always be missing). Returns what did not match.
     */
    public LoadReport load(Map<String, HostTensor> state, boolean strict) {
        Map<String, Tensor> mine = stateDict();
        Map<String, Buffer> buffersByKey = namedBuffers();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<LoadReport.Mismatch> misShaped = new ArrayList<>();
        mine.forEach((k, t) -> {
            HostTensor h = state.get(k);
            if (h == null) {
                Buffer b = buffersByKey.get(k);
                if (b == null || !b.optional()) {
                    missing.add(k);
                }
            } else if (!Arrays.equals(t.shape().dims(), h.shape())) {
                misShaped.add(new LoadReport.Mismatch(k, t.shape().dims(), h.shape()));
            }
        });
        for (String k : state.keySet()) {
            if (!mine.containsKey(k)) {
                unexpected.add(k);
            }
        }
        LoadReport report = new LoadReport(missing, unexpected, misShaped);
        if (!misShaped.isEmpty() || (strict && !report.clean())) {
            throw new StateDictException(getClass().getSimpleName(), report);
        }
        mine.forEach((k, t) -> {
            HostTensor h = state.get(k);
            if (h != null) {
                write(h.data(), t);
            }
        });
        return report;
    }

    /** Writes host floats into t, whatever its dtype. */
    private void write(float[] data, Tensor t) {
        if (t.dtype() == DType.F32) {
            backend.upload(data, t);
            return;
        }
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        try (Tensor tmp = backend.fromDoubles(t.shape(), d)) {
            backend.copy(tmp, t);
        }
    }

    /** Copies of every state-dict tensor to the heap (what a checkpoint writes). */
    public Map<String, HostTensor> hostStateDict() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        stateDict().forEach((k, t) -> out.put(k, HostTensor.of(t)));
        return out;
    }

    /**
     * Converts every parameter and buffer to {@code dtype} (values preserved up to rounding), for example F64 for
     * finite-difference gradient checks. Gradients are dropped.
     */
    public Module to(DType dtype) {
        visit("", (prefix, m) -> {
            m.parameters.values().forEach(p -> p.replace(convert(p.value(), dtype)));
            m.buffers.values().forEach(b -> b.replace(convert(b.value(), dtype)));
        });
        return this;
    }

    private Tensor convert(Tensor t, DType dtype) {
        Shape s = t.shape();
        return switch (dtype) {
            case F64 -> backend.fromDoubles(s, t.toDoubleArray());
            case F32 -> backend.fromFloats(s, t.toFloatArray());
            default -> throw new IllegalArgumentException(getClass().getSimpleName() + ".to: cannot convert "
                    + t.dtype() + " to " + dtype);
        };
    }

    /** Frees every parameter, gradient and buffer of this module and its descendants. */
    @Override
    public void close() {
        visit("", (prefix, m) -> {
            m.parameters.values().forEach(Parameter::close);
            m.buffers.values().forEach(Buffer::close);
        });
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + parameterCount() + " parameters)";
    }
}
