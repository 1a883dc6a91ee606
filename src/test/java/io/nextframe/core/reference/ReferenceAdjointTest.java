package io.nextframe.core.reference;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ResizeMode;
import io.nextframe.testing.ConvCases;
import io.nextframe.testing.ShapeGen;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Random;

import static io.nextframe.testing.Tensors.dot;
import static io.nextframe.testing.Tensors.randomF64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Adjoint identities in float64 on odd shapes: every backward op of a linear map must be its exact transpose,
 * ⟨A x, y⟩ = ⟨x, Aᵀ y⟩. This pins convᵀ (transposed convolution), the weight gradient, pooling, resizing and the
 * dynamic filters without a single hand-computed number.
 */
class ReferenceAdjointTest {
    private Backend b;
    private Scope scope;

    @BeforeEach
    void open() {
        b = Backends.get("reference");
        scope = b.scope();
    }

    @AfterEach
    void close() {
        scope.close();
    }

    private static void assertSame(String what, double lhs, double rhs) {
        double scale = Math.max(1, Math.max(Math.abs(lhs), Math.abs(rhs)));
        assertEquals(lhs, rhs, 1e-12 * scale, what + ": ⟨Ax, y⟩ = " + lhs + " but ⟨x, Aᵀy⟩ = " + rhs);
    }

    private Tensor zeros(int... d) {
        return b.zeros(DType.F64, Shape.of(d));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17})
    void convolutionDataAndWeightGradientsAreAdjoints(int seed) {
        ShapeGen g = new ShapeGen(1000 + seed);
        ConvCases.Geometry geo = ConvCases.random(g, 1 + seed % 3, seed % 4 == 3);
        if (seed % 2 == 1) {
            geo = ConvCases.withExtraExtent(g, geo);
        }
        Random rnd = new Random(seed);
        Tensor x = randomF64(b, rnd, geo.x()), w = randomF64(b, rnd, geo.w()), bias = randomF64(b, rnd, geo.cout());
        Tensor y = randomF64(b, rnd, geo.y());
        Tensor conv = zeros(geo.y()), dx = zeros(geo.x()), dw = zeros(geo.w()), db = zeros(geo.cout());
        b.convForward(geo.spec(), x, w, null, conv);
        b.convBackwardData(geo.spec(), y, w, dx);
        b.convBackwardWeight(geo.spec(), x, y, dw, db);
        double lhs = dot(conv, y);
        assertTrue(lhs != 0, "degenerate case " + geo.describe());
        assertSame("data " + geo.describe(), lhs, dot(x, dx));
        assertSame("weight " + geo.describe(), lhs, dot(w, dw));
        // the bias enters linearly: ⟨conv(x, w) + bias, y⟩ − ⟨conv(x, w), y⟩ = ⟨bias, dbias⟩
        Tensor withBias = zeros(geo.y());
        b.convForward(geo.spec(), x, w, bias, withBias);
        assertSame("bias " + geo.describe(), dot(withBias, y) - lhs, dot(bias, db));
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
    void poolingBackwardIsTheAdjointOfForward(int seed) {
        ShapeGen g = new ShapeGen(2000 + seed);
        int d = 1 + seed % 3;
        int[] k = new int[d], s = new int[d], p = new int[d], x = new int[d + 2];
        x[0] = g.between(1, 2);
        x[1] = g.between(1, 3);
        for (int a = 0; a < d; a++) {
            k[a] = g.between(1, 3);
            s[a] = g.between(1, 3);
            p[a] = g.between(0, k[a] / 2);
            x[a + 2] = Math.max(1, k[a] - 2 * p[a]) + g.between(0, 6);
        }
        // max pooling is linear once its argmax is fixed: ⟨maxpool(x), y⟩ = ⟨x, route(y)⟩ holds exactly too
        for (PoolSpec.Kind kind : PoolSpec.Kind.values()) {
            PoolSpec spec = new PoolSpec(kind, k, s, p);
            Random rnd = new Random(seed);
            Tensor xt = randomF64(b, rnd, x);
            Shape ys = Backend.poolOutputShape(spec, xt.shape());
            Tensor yt = randomF64(b, rnd, ys.dims()), fwd = zeros(ys.dims()), bwd = zeros(x);
            b.poolForward(spec, xt, fwd);
            b.poolBackward(spec, xt, yt, bwd);
            assertSame(kind + " pool " + java.util.Arrays.toString(x), dot(fwd, yt), dot(xt, bwd));
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11})
    void resizeBackwardIsTheAdjointOfForward(int seed) {
        ShapeGen g = new ShapeGen(3000 + seed);
        int d = 1 + seed % 3;
        int[] x = new int[d + 2], y = new int[d + 2];
        x[0] = y[0] = g.between(1, 2);
        x[1] = y[1] = g.between(1, 2);
        for (int a = 0; a < d; a++) {
            x[a + 2] = g.size(7);
            y[a + 2] = g.size(11);
        }
        for (ResizeMode mode : ResizeMode.values()) {
            for (boolean align : new boolean[] {false, true}) {
                Random rnd = new Random(seed);
                Tensor xt = randomF64(b, rnd, x), yt = randomF64(b, rnd, y), fwd = zeros(y), bwd = zeros(x);
                b.resizeForward(mode, align, xt, fwd);
                b.resizeBackward(mode, align, yt, bwd);
                assertSame(mode + (align ? " aligned " : " ") + java.util.Arrays.toString(x) + " → "
                        + java.util.Arrays.toString(y), dot(fwd, yt), dot(xt, bwd));
            }
        }
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(ints = {0, 1, 2, 3, 4, 5})
    void dynamicFilterGradientsAreAdjoints(int seed) {
        ShapeGen g = new ShapeGen(4000 + seed);
        int bt = g.between(1, 2), c = g.between(1, 3), h = g.size(9), w = g.size(9);
        int kh = g.between(1, 4), kw = g.between(1, 4);
        Random rnd = new Random(seed);
        Tensor x = randomF64(b, rnd, bt, c, h, w), f = randomF64(b, rnd, bt, kh * kw, h, w);
        Tensor dy = randomF64(b, rnd, bt, c, h, w), y = zeros(bt, c, h, w);
        Tensor dx = zeros(bt, c, h, w), df = zeros(bt, kh * kw, h, w);
        b.localFilterForward(x, f, kh, kw, y);
        b.localFilterBackward(x, f, kh, kw, dy, dx, df);
        double lhs = dot(y, dy);
        assertSame("local filter dx", lhs, dot(x, dx));
        assertSame("local filter dFilters", lhs, dot(f, df));

        int padH = g.between(0, kh - 1), padW = g.between(0, kw - 1);
        int oh = h + 2 * padH - kh + 1, ow = w + 2 * padW - kw + 1;
        if (oh >= 1 && ow >= 1) {
            Tensor k = randomF64(b, rnd, bt, c, kh, kw), cy = zeros(bt, c, oh, ow), cdy = randomF64(b, rnd, bt, c, oh,
                    ow);
            Tensor cdx = zeros(bt, c, h, w), cdk = zeros(bt, c, kh, kw);
            b.crossConvForward(x, k, padH, padW, cy);
            b.crossConvBackward(x, k, padH, padW, cdy, cdx, cdk);
            double l2 = dot(cy, cdy);
            assertSame("cross conv dx", l2, dot(x, cdx));
            assertSame("cross conv dk", l2, dot(k, cdk));
        }
    }
}
