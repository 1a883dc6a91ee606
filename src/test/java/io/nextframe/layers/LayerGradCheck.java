package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;

import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central-difference checks of a module's parameter gradients in F64 (reference backend): the module is converted
 * to F64, the scalar loss differentiated, and up to {@code samples} elements of each parameter perturbed by ±1e−6.
 * Passes at relative error ≤ 1e−5 or absolute error ≤ 1e−8, as the core checker.
 */
final class LayerGradCheck {
    private LayerGradCheck() {
    }

    static void check(String what, Module m, Supplier<Var> loss, int samples) {
        if (m.parameters().stream().anyMatch(p -> p.value().dtype() != DType.F64)) {
            fail(what + ": convert the module to F64 first");
        }
        Backend be = m.backend();
        m.zeroGrad();
        try (Scope s = be.scope()) {
            loss.get().backward();
        }
        Random r = new Random(7);
        for (Map.Entry<String, Parameter> e : m.namedParameters().entrySet()) {
            Parameter p = e.getValue();
            assertEquals(true, p.grad() != null, what + ": no gradient reached " + e.getKey());
            double[] analytic = p.grad().toDoubleArray();
            double[] w = p.value().toDoubleArray();
            for (int n = 0; n < Math.min(samples, w.length); n++) {
                int i = w.length <= samples ? n : r.nextInt(w.length);
                double orig = w[i];
                w[i] = orig + 1e-6;
                double up = eval(be, p.value(), w, loss);
                w[i] = orig - 1e-6;
                double down = eval(be, p.value(), w, loss);
                w[i] = orig;
                set(be, p.value(), w);
                double numeric = (up - down) / 2e-6;
                double err = Math.abs(numeric - analytic[i]);
                double rel = err / Math.max(Math.abs(numeric), Math.abs(analytic[i]));
                if (err > 1e-8 && rel > 1e-5) {
                    fail(what + ": d/d " + e.getKey() + "[" + i + "] analytic " + analytic[i] + ", numeric " + numeric);
                }
            }
        }
        m.zeroGrad();
    }

    private static double eval(Backend be, Tensor t, double[] w, Supplier<Var> loss) {
        set(be, t, w);
        try (Scope s = be.scope(); Grad.Mode off = Grad.off()) {
            return loss.get().item();
        }
    }

    static void set(Backend be, Tensor t, double[] w) {
        try (Tensor tmp = be.fromDoubles(t.shape(), w)) {
            be.copy(tmp, t);
        }
    }
}
