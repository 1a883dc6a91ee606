package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * One named op invocation on random inputs. {@link #run} generates the inputs on the host from {@link #seed}
 * (so every backend sees the same numbers), uploads them, runs the op through the checked {@link Backend} front and
 * downloads every output as float[] in a scope, leaving no tensor behind.
 *
 * @param reduction the longest sum behind one output value (K of a GEMM, Cin/g·kvol of a conv, N·spatial of a weight
 *                  gradient): float error grows with it, so parity tolerances scale with it
 */
public record OpCase(String name, long seed, long reduction, Body body) {

    /** Builds the inputs from {@code rnd}, runs the op and returns its outputs by name (in a stable order). */
    @FunctionalInterface
    public interface Body {
        Map<String, Tensor> run(Backend b, Random rnd);
    }

    public Map<String, float[]> run(Backend backend) {
        try (Scope ignored = backend.scope()) {
            Map<String, Tensor> outs = body.run(backend, new Random(seed));
            Map<String, float[]> host = new LinkedHashMap<>();
            for (Map.Entry<String, Tensor> e : outs.entrySet()) {
                host.put(e.getKey(), e.getValue().toFloatArray());
            }
            return host;
        }
    }

    /** Outputs in the order given: {@code outputs("y", y, "dx", dx)}. */
    public static Map<String, Tensor> outputs(Object... nameThenTensor) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenTensor.length; i += 2) {
            m.put((String) nameThenTensor[i], (Tensor) nameThenTensor[i + 1]);
        }
        return m;
    }

    @Override
    public String toString() {
        return name;
    }
}
