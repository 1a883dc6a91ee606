package io.nextframe.models.train;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.layers.Parameter;

import java.util.Map;

/**
 * Finds a NaN/Inf in the gradients after backward, before the optimizer spreads it into every weight. The common
 * case costs one device-side sum per parameter and ONE download per step: a NaN or Inf anywhere makes the total
 * non-finite. Only then is each gradient downloaded to name the first bad parameter (a total that overflowed from
 * finite values alone is not an error).
 */
final class GradientCheck {
    private GradientCheck() {
    }

    /** Throws {@link NonFiniteGradientException} naming the first parameter whose gradient has a NaN/Inf. */
    static void check(Backend be, Map<String, Parameter> parameters, long step) {
        Tensor total = null;
        for (Parameter p : parameters.values()) {
            Tensor g = p.grad();
            if (g == null) {
                continue;
            }
            Tensor s = sumAll(be, g);
            total = total == null ? s : be.binary(BinaryOp.ADD, total, s);
        }
        if (total == null || Float.isFinite(total.item())) {
            return;
        }
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            Tensor g = e.getValue().grad();
            if (g == null) {
                continue;
            }
            for (float v : g.toFloatArray()) {
                if (!Float.isFinite(v)) {
                    throw new NonFiniteGradientException(step, e.getKey(), v);
                }
            }
        }
    }

    /** The sum of every element, as a one-element tensor (allocated in the current scope). */
    private static Tensor sumAll(Backend be, Tensor g) {
        int[] axes = new int[g.shape().rank()];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = i;
        }
        Tensor s = be.reduce(ReduceOp.SUM, g, axes);
        return s.reshape(1);
    }
}
