package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.core.ops.UnaryOp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradients of gradients, checked by finite differences of a function that itself contains a gradient: the
 * create-graph gradient is differentiated analytically and compared with central differences of its value.
 */
class DoubleBackwardTest {
    private static final ConvSpec DOWN2 = ConvSpec.of(2, 2, 1);

    /** f(xs) = Σ_i Σ (∂h/∂x_i)² with h = Σ c ⊙ g(xs)², c fixed weights: every op of g is differentiated twice. */
    static Function<List<Var>, Var> gradientNormOf(Function<List<Var>, Var> g) {
        return xs -> {
            Var y = g.apply(xs);
            double[] c = new double[Math.toIntExact(y.value().size())];
            for (int k = 0; k < c.length; k++) {
                c[k] = Math.cos(1.7 * k + 0.3);
            }
            Var h = F.sum(F.mul(F.square(y), Var.constant(y.backend().fromDoubles(y.shape(), c))));
            List<Var> grads = Autograd.grad(List.of(h), xs, true);
            Var f = null;
            for (Var gi : grads) {
                Var term = F.sum(F.square(gi));
                f = f == null ? term : F.add(f, term);
            }
            return f;
        };
    }

    @Test
    void convLeakyReluLinear() {
        // g = Σ tanh(linear(flatten(leakyReLU(conv2d(x)))))
        new GradCheck(1).input(2, 2, 5, 5).input(3, 2, 3, 3).input(3).input(4, 27).input(4)
                .check("Σ(∂g/∂x)² conv2d+leakyReLU+linear", xs -> {
                    Var x = xs.get(0);
                    Var a = F.leakyRelu(F.conv(DOWN2, x, xs.get(1), xs.get(2)), 0.2f);
                    Var g = F.sum(F.tanh(F.linear(F.flatten(a), xs.get(3), xs.get(4))));
                    Var dx = Autograd.grad(g, x, true);
                    return F.sum(F.square(dx));
                });
    }

    @Test
    void conv3d() {
        ConvSpec spec = new ConvSpec(new int[] {1, 2, 1}, new int[] {1, 1, 0}, new int[] {1, 1, 1}, 1);
        new GradCheck(2).input(1, 2, 3, 4, 3).input(2, 2, 2, 3, 2).input(2)
                .check("Σ(∂g/∂x)² + Σ(∂g/∂w)² conv3d", xs -> {
                    Var g = F.sum(F.tanh(F.conv(spec, xs.get(0), xs.get(1), xs.get(2))));
                    List<Var> d = Autograd.grad(List.of(g), List.of(xs.get(0), xs.get(1)), true);
                    return F.add(F.sum(F.square(d.get(0))), F.sum(F.square(d.get(1))));
                });
    }

    /** The WGAN-GP critic: two strided convolutions with leaky ReLU, then a linear map to one score per sample. */
    private static Var critic(Var x, List<Var> p) {
        Var a1 = F.leakyRelu(F.conv(DOWN2, x, p.get(0), p.get(1)), 0.2f);
        Var a2 = F.leakyRelu(F.conv(ConvSpec.of(2, 1, 1), a1, p.get(2), p.get(3)), 0.2f);
        return F.linear(F.flatten(a2), p.get(4), p.get(5));
    }

    /** (‖∇_x̂ D(x̂)‖₂ − 1)² averaged over the samples. */
    private static Var gradientPenalty(Var xHat, List<Var> params) {
        Var scores = critic(xHat, params);
        Var g = Autograd.grad(F.sum(scores), xHat, true);
        Var norms = F.sqrt(F.sum(F.square(g), false, 1, 2, 3));
        return F.mean(F.square(F.affine(norms, 1f, -1f)));
    }

    @Test
    void wganGradientPenaltyWithRespectToCriticWeights() {
        // x̂ (3, 1, 5, 5) → conv 1→2 s2 → (3,2,3,3) → conv 2→2 s1 → (3,2,3,3) → linear 18 → 1
        GradCheck check = new GradCheck(3).input(3, 1, 5, 5).input(2, 1, 3, 3).input(2).input(2, 2, 3, 3).input(2)
                .input(1, 18).input(1);
        double worst = check.check("WGAN-GP penalty", xs -> gradientPenalty(xs.get(0), xs.subList(1, 7)));
        assertTrue(worst < GradCheck.MAX_RELATIVE);
    }

    @Test
    void wganCriticLossBackwardAgreesWithAutogradGrad() {
        Backend b = GradCheck.reference();
        List<Var> params = new ArrayList<>();
        int[][] shapes = {{2, 1, 3, 3}, {2}, {2, 2, 3, 3}, {2}, {1, 18}, {1}};
        java.util.Random r = new java.util.Random(5);
        for (int[] s : shapes) {
            params.add(Var.param(b.unscoped(b.fromDoubles(Shape.of(s), random(r, Shape.of(s))))));
        }
        double[] xv = random(r, Shape.of(3, 1, 5, 5));
        try (var scope = b.scope()) {
            // loss = mean D(x̂) + 10·GP, once through backward() into .grad, once through Autograd.grad
            Var xHat = Var.param(b.fromDoubles(Shape.of(3, 1, 5, 5), xv));
            F.add(F.mean(critic(xHat, params)), F.scale(gradientPenalty(xHat, params), 10f)).backward();
            Var xHat2 = Var.param(b.fromDoubles(Shape.of(3, 1, 5, 5), xv));
            Var loss2 = F.add(F.mean(critic(xHat2, params)), F.scale(gradientPenalty(xHat2, params), 10f));
            List<Var> expected = Autograd.grad(List.of(loss2), params, false);
            for (int i = 0; i < params.size(); i++) {
                double[] got = params.get(i).grad().toDoubleArray();
                double[] want = expected.get(i).value().toDoubleArray();
                org.junit.jupiter.api.Assertions.assertArrayEquals(want, got, 1e-12, "param " + i);
            }
        }
        for (Var p : params) {
            p.zeroGrad();
            p.value().close();
        }
    }

    private static double[] random(java.util.Random r, Shape s) {
        double[] v = new double[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextDouble() - 0.5;
        }
        return v;
    }

    @ParameterizedTest
    @EnumSource(value = UnaryOp.class, names = {"GREATER_THAN", "SIGN"}, mode = EnumSource.Mode.EXCLUDE)
    void unaryOps(UnaryOp op) {
        double lo = -2, hi = 2;
        float a = 0f, b = 0f;
        switch (op) {
            case SQRT, LOG, RECIPROCAL -> lo = 0.4;
            case EXP -> {
                // f grows like e^{4x}: keep it small enough that round-off in f stays far below the 1e-5 test
                lo = -1;
                hi = 1;
            }
            case POW -> {
                lo = 0.4;
                a = 2.5f;
            }
            case LEAKY_RELU -> a = 0.2f;
            case CLAMP -> {
                a = -0.7f;
                b = 0.9f;
            }
            case AFFINE -> {
                a = 1.75f;
                b = -0.5f;
            }
            default -> {
            }
        }
        float fa = a, fb = b;
        new GradCheck(20 + op.ordinal()).input(Shape.of(2, 5), lo, hi)
                .check("second order " + op, gradientNormOf(x -> F.unary(op, fa, fb, x.get(0))));
    }

    @Test
    void arithmeticAndLinearAlgebra() {
        new GradCheck(40).input(3, 1, 4).input(2, 4).check("mul/div broadcast",
                gradientNormOf(x -> F.div(F.mul(x.get(0), x.get(1)), F.affine(F.square(x.get(1)), 1f, 1f))));
        new GradCheck(50).input(3, 1, 4).input(2, 4).check("maximum/minimum",
                gradientNormOf(x -> F.mul(F.maximum(x.get(0), x.get(1)), F.minimum(x.get(1), F.tanh(x.get(0))))));
        new GradCheck(41).input(1, 3, 4).input(2, 5, 4)
                .check("batched matmul", gradientNormOf(x -> F.matmul(x.get(0), false, x.get(1), true)));
        new GradCheck(42).input(3, 4).input(2, 4).input(2)
                .check("linear", gradientNormOf(x -> F.linear(x.get(0), x.get(1), x.get(2))));
    }

    @Test
    void reductionsAndSoftmax() {
        new GradCheck(43).input(3, 4).check("softmax", gradientNormOf(x -> F.softmax(x.get(0), 1)));
        new GradCheck(44).input(3, 4).check("logSoftmax", gradientNormOf(x -> F.logSoftmax(x.get(0), 0)));
        new GradCheck(45).input(3, 4, 2).check("sum/mean/max", gradientNormOf(x -> F.add(F.add(
                F.sum(x.get(0), false, 1), F.mean(x.get(0), false, 1)), F.max(x.get(0), false, 1))));
    }

    @Test
    void layoutOps() {
        new GradCheck(46).input(2, 3, 4).input(2, 2, 4).check("reshape/permute/slice/select/concat/stack",
                gradientNormOf(x -> {
                    Var p = F.permute(x.get(0), 2, 0, 1);
                    Var r = F.reshape(p, 4, 6);
                    Var c = F.concat(List.of(F.slice(x.get(0), 1, 0, 2), x.get(1)), 1);
                    Var s = F.stack(List.of(F.select(c, 1, 3), F.select(x.get(1), 1, 0)), 0);
                    return F.add(F.sum(r, false, 1), F.reshape(F.sum(s, false, 0, 1), 4));
                }));
    }

    @Test
    void transposedConvolutionAndResize() {
        ConvSpec spec = ConvSpec.of(2, 2, 1);
        new GradCheck(47).input(1, 2, 3, 3).input(2, 2, 3, 3).input(2)
                .check("convTranspose2d", gradientNormOf(x -> F.convTranspose(spec, x.get(0), x.get(1), x.get(2),
                        1, 1)));
        new GradCheck(48).input(1, 2, 3, 4)
                .check("bilinear resize", gradientNormOf(x -> F.resize(ResizeMode.LINEAR, false, x.get(0), 5, 7)));
    }

    @Test
    void layerNormComposedOfDifferentiableOps() {
        // the normalisation GP critics use (CONTRACTS §8): over (C, H, W) per sample, with an affine per channel
        new GradCheck(49).input(2, 3, 2, 3).input(1, 3, 1, 1).input(1, 3, 1, 1).check("layer norm",
                gradientNormOf(x -> {
                    Var v = x.get(0);
                    Var centred = F.sub(v, F.mean(v, true, 1, 2, 3));
                    Var variance = F.mean(F.square(centred), true, 1, 2, 3);
                    Var normed = F.mul(centred, F.pow(F.affine(variance, 1f, 1e-5f), -0.5f));
                    return F.add(F.mul(normed, x.get(1)), x.get(2));
                }));
    }

    @Test
    void firstOrderOnlyOpsRefuseCreateGraphNamingTheOp() {
        Backend b = GradCheck.reference();
        try (var scope = b.scope()) {
            Var x = Var.param(b.fromDoubles(Shape.of(4, 2), 1, 2, 3, 4, 5, 6, 7, 9));
            Var y = F.sum(F.square(F.batchNorm(x, null, null, null, null, true, 0.1f, 1e-5f)));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> Autograd.grad(y, x, true));
            assertTrue(e.getMessage().contains("batchNorm"), e.getMessage());
        }
    }
}
