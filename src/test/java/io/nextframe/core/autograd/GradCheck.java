package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Finite-difference gradient checks in double precision, after DL4J's checker: central differences with step 1e-6
 * on F64 tensors of the reference backend; an analytic derivative passes when its relative error is ≤ 1e-5 or its
 * absolute error is below a floor of 1e-8 (where both are round-off sized). Refuses F32 inputs, whose round-off
 * would swamp the comparison.
 */
final class GradCheck {
    static final double STEP = 1e-6;
    static final double MAX_RELATIVE = 1e-5;
    static final double ABSOLUTE_FLOOR = 1e-8;

    private final Backend backend = Backends.get("reference");
    private final List<Shape> shapes = new ArrayList<>();
    private final List<double[]> data = new ArrayList<>();
    private final List<Boolean> differentiable = new ArrayList<>();
    private final Random random;

    GradCheck(long seed) {
        this.random = new Random(seed);
    }

    static Backend reference() {
        return Backends.get("reference");
    }

    /** An input with values uniform in [lo, hi), checked. */
    GradCheck input(Shape shape, double lo, double hi) {
        return add(shape, uniform(shape, lo, hi), true);
    }

    GradCheck input(int... dims) {
        return input(Shape.of(dims), -1, 1);
    }

    /** An input the function reads but that is not checked (targets, masks). */
    GradCheck constant(Shape shape, double lo, double hi) {
        return add(shape, uniform(shape, lo, hi), false);
    }

    /** An input with given values; {@code check} says whether it is differentiated. */
    GradCheck values(Shape shape, double[] values, boolean check) {
        return add(shape, values.clone(), check);
    }

    /** Takes a tensor's values; it must be F64 (the check refuses float32). */
    GradCheck tensor(Tensor t, boolean check) {
        if (t.dtype() != DType.F64) {
            throw new IllegalArgumentException("gradient checks run in double precision; got " + t.describe());
        }
        return add(t.shape(), t.toDoubleArray(), check);
    }

    private GradCheck add(Shape shape, double[] values, boolean check) {
        shapes.add(shape);
        data.add(values);
        differentiable.add(check);
        return this;
    }

    private double[] uniform(Shape shape, double lo, double hi) {
        double[] d = new double[Math.toIntExact(shape.size())];
        for (int i = 0; i < d.length; i++) {
            d[i] = lo + (hi - lo) * random.nextDouble();
        }
        return d;
    }

    /**
     * Checks every element of every differentiable input. A function with a non-scalar output is reduced to
     * Σ y·r with fixed random weights r, so that every output element takes part.
     * Returns the largest relative error seen (where above the floor).
     */
    double check(String what, Function<List<Var>, Var> f) {
        double[] weights = null;
        List<Double> analyticList = new ArrayList<>();
        try (Scope s = backend.scope()) {
            List<Var> xs = leaves();
            Var y = f.apply(xs);
            if (y.value().size() != 1) {
                weights = uniform(y.shape(), -1, 1);
            }
            Var loss = project(y, weights);
            List<Var> wrt = new ArrayList<>();
            for (int i = 0; i < xs.size(); i++) {
                if (differentiable.get(i)) {
                    wrt.add(xs.get(i));
                }
            }
            List<Var> g = Autograd.grad(List.of(loss), wrt, false);
            for (Var gi : g) {
                for (double v : gi.value().toDoubleArray()) {
                    analyticList.add(v);
                }
            }
        }
        double worst = 0;
        int k = 0;
        for (int i = 0; i < data.size(); i++) {
            if (!differentiable.get(i)) {
                continue;
            }
            double[] d = data.get(i);
            for (int j = 0; j < d.length; j++, k++) {
                double saved = d[j];
                d[j] = saved + STEP;
                double plus = evaluate(f, weights);
                d[j] = saved - STEP;
                double minus = evaluate(f, weights);
                d[j] = saved;
                double numeric = (plus - minus) / (2 * STEP);
                double analytic = analyticList.get(k);
                double abs = Math.abs(analytic - numeric);
                if (abs < ABSOLUTE_FLOOR) {
                    continue;
                }
                double rel = abs / Math.max(Math.abs(analytic), Math.abs(numeric));
                worst = Math.max(worst, rel);
                if (rel > MAX_RELATIVE) {
                    fail(what + ": input " + i + " " + shapes.get(i) + " element " + j + ": analytic " + analytic
                            + ", numeric " + numeric + ", relative error " + rel);
                }
            }
        }
        if (k == 0) {
            fail(what + ": no differentiable input");
        }
        return worst;
    }

    private double evaluate(Function<List<Var>, Var> f, double[] weights) {
        try (Scope s = backend.scope()) {
            Var y = f.apply(leaves());
            return project(y, weights).value().toDoubleArray()[0];
        }
    }

    private Var project(Var y, double[] weights) {
        if (weights == null) {
            return y;
        }
        return F.sum(F.mul(y, Var.constant(backend.fromDoubles(y.shape(), weights))));
    }

    private List<Var> leaves() {
        List<Var> xs = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            Tensor t = backend.fromDoubles(shapes.get(i), data.get(i));
            xs.add(differentiable.get(i) ? Var.param(t) : Var.constant(t));
        }
        return xs;
    }

    @Override
    public String toString() {
        return "GradCheck" + shapes + " " + Arrays.toString(differentiable.toArray());
    }
}
