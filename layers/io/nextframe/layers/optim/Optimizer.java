package io.nextframe.layers.optim;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.io.HostTensor;
import io.nextframe.layers.Parameter;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Updates named parameters in place from their accumulated gradients. Per-parameter state (moments) lives in
 * tensors owned by the optimizer, named "{@code <parameter>.<slot>}" plus a scalar "step", so that a checkpoint
 * can hold it ({@link #stateDict()}, {@link #loadStateDict}). Parameters without a gradient are skipped, as PyTorch.
 */
public abstract class Optimizer implements AutoCloseable {
    private final Map<String, Parameter> params;
    private final Map<String, Map<String, Tensor>> slots = new LinkedHashMap<>();
    private final List<String> slotNames;
    protected double lr;
    private long step;

    protected Optimizer(Map<String, Parameter> params, double lr, String... slotNames) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimise");
        }
        if (!(lr >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate " + lr + " must be ≥ 0");
        }
        this.params = new LinkedHashMap<>(params);
        this.lr = lr;
        this.slotNames = List.of(slotNames);
        for (Map.Entry<String, Parameter> e : this.params.entrySet()) {
            Tensor w = e.getValue().value();
            Map<String, Tensor> s = new LinkedHashMap<>();
            for (String slot : slotNames) {
                s.put(slot, w.backend().unscoped(w.backend().zerosLike(w)));
            }
            slots.put(e.getKey(), s);
        }
    }

    public double lr() {
        return lr;
    }

    public void setLr(double lr) {
        this.lr = lr;
    }

    /** Number of {@link #step()} calls so far (restored from checkpoints). */
    public long steps() {
        return step;
    }

    public Map<String, Parameter> parameters() {
        return params;
    }

    /** One update of every parameter that has a gradient. Temporaries are freed before returning. */
    public void step() {
        step++;
        try (Grad.Mode off = Grad.off()) {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                Parameter p = e.getValue();
                if (p.grad() == null) {
                    continue;
                }
                Backend be = p.value().backend();
                try (Scope scope = be.scope()) {
                    update(be, p.value(), p.grad(), slots.get(e.getKey()), step);
                }
            }
        }
    }

    /** Updates w in place from g, reading and writing this parameter's slots; t is the 1-based step. */
    protected abstract void update(Backend be, Tensor w, Tensor g, Map<String, Tensor> slots, long t);

    /** Closes every parameter's gradient. */
    public void zeroGrad() {
        params.values().forEach(Parameter::zeroGrad);
    }

    /** The state as named host tensors: "{@code <parameter>.<slot>}" for every slot, and "step" (a scalar). */
    public Map<String, HostTensor> stateDict() {
        Map<String, HostTensor> out = new LinkedHashMap<>();
        slots.forEach((name, s) -> s.forEach((slot, t) -> out.put(name + "." + slot, HostTensor.of(t))));
        out.put("step", new HostTensor(new int[0], new float[] {step}));
        return out;
    }

    /** Restores {@link #stateDict()}; every slot must be present with its parameter's shape. */
    public void loadStateDict(Map<String, HostTensor> state) {
        StringBuilder problems = new StringBuilder();
        slots.forEach((name, s) -> s.forEach((slot, t) -> {
            HostTensor h = state.get(name + "." + slot);
            if (h == null) {
                problems.append(" missing ").append(name).append('.').append(slot).append(';');
            } else if (!Arrays.equals(h.shape(), t.shape().dims())) {
                problems.append(" ").append(name).append('.').append(slot).append(" has shape ")
                        .append(Arrays.toString(h.shape())).append(", expected ").append(t.shape()).append(';');
            }
        }));
        HostTensor st = state.get("step");
        if (st == null || st.data().length != 1) {
            problems.append(" missing scalar step;");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " state:" + problems);
        }
        slots.forEach((name, s) -> s.forEach((slot, t) -> write(state.get(name + "." + slot).data(), t)));
        step = (long) st.data()[0];
    }

    private static void write(float[] data, Tensor t) {
        Backend be = t.backend();
        if (t.dtype() == DType.F32) {
            be.upload(data, t);
            return;
        }
        double[] d = new double[data.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i];
        }
        try (Tensor tmp = be.fromDoubles(t.shape(), d)) {
            be.copy(tmp, t);
        }
    }

    /** The names of the per-parameter slots ("exp_avg", …). */
    public List<String> slotNames() {
        return slotNames;
    }

    @Override
    public void close() {
        slots.values().forEach(s -> s.values().forEach(Tensor::close));
    }
}
