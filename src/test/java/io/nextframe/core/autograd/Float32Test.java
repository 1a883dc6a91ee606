package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.PoolSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tape is dtype-agnostic: float32 gradients (what training uses) agree with the float64 ones. */
class Float32Test {
    private final Backend b = GradCheck.reference();

    private static Tensor make(Backend b, DType dtype, Shape s, double[] v) {
        if (dtype == DType.F64) {
            return b.fromDoubles(s, v);
        }
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return b.fromFloats(s, f);
    }

    /** Gradients of a GAN critic loss with gradient penalty, in the given dtype, as doubles. */
    private List<double[]> criticGradients(DType dtype, long seed) {
        Random r = new Random(seed);
        int[][] shapes = {{3, 5, 5}, {4, 2, 3, 3}, {4}, {1, 36}, {1}};
        List<Var> vars = new ArrayList<>();
        List<double[]> out = new ArrayList<>();
        try (var scope = b.scope()) {
            for (int[] s : shapes) {
                Shape shape = s.length == 3 ? Shape.of(2, s[0], s[1], s[2]) : Shape.of(s);
                double[] v = new double[Math.toIntExact(shape.size())];
                for (int i = 0; i < v.length; i++) {
                    v[i] = r.nextDouble() - 0.5;
                }
                vars.add(Var.param(make(b, dtype, shape, v)));
            }
            Var x = F.slice(vars.get(0), 1, 0, 2);
            Var h = F.leakyRelu(F.conv(ConvSpec.of(2, 2, 1), x, vars.get(1), vars.get(2)), 0.2f);
            Var d = F.linear(F.flatten(h), vars.get(3), vars.get(4));
            Var g = Autograd.grad(F.sum(d), vars.get(0), true);
            Var gp = F.mean(F.square(F.affine(F.sqrt(F.sum(F.square(g), false, 1, 2, 3)), 1f, -1f)));
            Var loss = F.add(F.mean(d), F.scale(gp, 10f));
            for (Var grad : Autograd.grad(List.of(loss), vars, false)) {
                assertEquals(dtype, grad.dtype());
                out.add(grad.value().toDoubleArray());
            }
        }
        return out;
    }

    @Test
    void float32GradientsMatchFloat64() {
        List<double[]> f64 = criticGradients(DType.F64, 3);
        List<double[]> f32 = criticGradients(DType.F32, 3);
        for (int k = 0; k < f64.size(); k++) {
            double scale = 1e-3;
            for (double v : f64.get(k)) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < f64.get(k).length; i++) {
                assertEquals(f64.get(k)[i], f32.get(k)[i], 1e-4 * scale, "input " + k + " element " + i);
            }
        }
    }

    @Test
    void float32TrainingStepWithFirstOrderOnlyOps() {
        try (var scope = b.scope()) {
            Var x = Var.constant(make(b, DType.F32, Shape.of(2, 2, 4, 4), new double[64]));
            Var w = Var.param(make(b, DType.F32, Shape.of(3, 2, 3, 3), new double[54]));
            Tensor mean = b.zeros(DType.F32, Shape.of(3));
            Tensor var = b.full(Shape.of(3), 1f);
            Var y = F.pool(PoolSpec.of(PoolSpec.Kind.MAX, 2, 2),
                    F.batchNorm(F.conv(ConvSpec.of(2, 1, 1), x, w, null), null, null, mean, var, true, 0.1f, 1e-5f));
            F.sum(y).backward();
            assertEquals(w.shape(), w.grad().shape());
            // the batch of zeros has variance 0: the unbiased running update moves var towards 0
            assertTrue(var.toFloatArray()[0] < 1f, "running variance updated in training mode");
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> Autograd.grad(F.sum(F.pool(PoolSpec.of(PoolSpec.Kind.AVG, 2, 2),
                            F.conv(ConvSpec.of(2, 1, 1), x, w, null))), w, true).value());
            assertTrue(e.getMessage().contains("avgPool"), e.getMessage());
            w.zeroGrad();
        }
    }
}
