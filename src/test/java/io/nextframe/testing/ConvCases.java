package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.nextframe.testing.OpCase.outputs;
import static io.nextframe.testing.Tensors.dims;

/**
 * Convolutions in 1-D, 2-D and 3-D: strides 1–3, paddings, dilations, groups (depthwise included), odd and unit
 * extents; forward with and without bias, backward-data onto inputs with extra extent (a transposed convolution's
 * output padding), backward-weight with dbias, and a transposed convolution through the front.
 */
public final class ConvCases {
    private static final long BASE = 23;

    private ConvCases() {
    }

    /** One convolution's shapes. in: input spatial extents; the output's follow from the spec. */
    public record Geometry(ConvSpec spec, int n, int cin, int cout, int[] kernel, int[] in) {
        public int[] x() {
            return withBatch(n, cin, in);
        }

        public int[] w() {
            return withBatch(cout, cin / spec.groups(), kernel);
        }

        public int[] y() {
            int[] o = new int[in.length];
            for (int i = 0; i < in.length; i++) {
                o[i] = spec.outSize(i, in[i], kernel[i]);
            }
            return withBatch(n, cout, o);
        }

        /** Taps behind one output value, and output positions behind one weight gradient value. */
        public long reduction() {
            long kvol = Arrays.stream(kernel).asLongStream().reduce(1, (a, b) -> a * b);
            long outVol = Arrays.stream(y()).skip(2).asLongStream().reduce(1, (a, b) -> a * b);
            return Math.max(cin / spec.groups() * kvol, Math.max(n * outVol, cout / spec.groups() * kvol));
        }

        public String describe() {
            return "x" + dims(x()) + " w" + dims(w()) + " s" + dims(spec.stride()) + " p" + dims(spec.padding())
                    + " d" + dims(spec.dilation()) + " g" + spec.groups();
        }
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        int index = 0;
        for (int i = 0; i < 30; i++) {
            Geometry geo = random(g, 1 + i % 3, i % 5 == 4);
            out.add(forward(index++, geo, g.coin()));
            out.add(backwardData(index++, geo));
            out.add(backwardWeight(index++, geo));
        }
        // inputs with extra extent: what a transposed convolution with output padding writes
        for (int i = 0; i < 9; i++) {
            Geometry geo = withExtraExtent(g, random(g, 1 + i % 3, i % 3 == 2));
            out.add(backwardData(index++, geo));
            out.add(backwardWeight(index++, geo));
        }
        out.add(transposed(index++));
        // one larger 2-D layer, wide enough for vectorised inner loops
        Geometry big = new Geometry(new ConvSpec(new int[] {1, 1}, new int[] {1, 1}, new int[] {1, 1}, 1), 2, 19, 21,
                new int[] {3, 3}, new int[] {13, 35});
        out.add(forward(index++, big, true));
        out.add(backwardData(index++, big));
        out.add(backwardWeight(index++, big));
        // compute-bound channel counts (packed GEMM panels), a strided one, and a wide depthwise layer
        for (Geometry wide : new Geometry[] {
                new Geometry(ConvSpec.of(2, 1, 1), 1, 67, 65, new int[] {3, 3}, new int[] {9, 11}),
                new Geometry(ConvSpec.of(2, 2, 1), 2, 64, 33, new int[] {4, 4}, new int[] {12, 10}),
                new Geometry(ConvSpec.of(2, 1, 1).withGroups(37), 2, 37, 37, new int[] {3, 3}, new int[] {15, 17}),
                new Geometry(ConvSpec.of(1, 1, 2), 2, 48, 80, new int[] {5}, new int[] {61}),
                new Geometry(ConvSpec.of(3, 1, 1), 1, 20, 24, new int[] {3, 3, 3}, new int[] {4, 6, 7})}) {
            out.add(forward(index++, wide, true));
            out.add(backwardData(index++, wide));
            out.add(backwardWeight(index++, wide));
        }
    }

    public static Geometry random(ShapeGen g, int d, boolean depthwise) {
        int groups, cinG, coutG;
        if (depthwise) {
            groups = g.between(2, 5);
            cinG = 1;
            coutG = g.between(1, 2);
        } else {
            groups = g.pickInt(1, 1, 2, 3);
            cinG = g.between(1, 3);
            coutG = g.between(1, 3);
        }
        int[] k = new int[d], s = new int[d], p = new int[d], dil = new int[d], in = new int[d];
        int maxK = d == 3 ? 3 : 4, maxExtra = d == 3 ? 3 : d == 2 ? 7 : 11;
        for (int i = 0; i < d; i++) {
            k[i] = g.between(1, maxK);
            s[i] = g.between(1, 3);
            dil[i] = k[i] == 1 ? 1 : g.between(1, 2);
            p[i] = g.between(0, k[i] - 1);
            int minIn = Math.max(1, dil[i] * (k[i] - 1) + 1 - 2 * p[i]);
            in[i] = minIn + g.between(0, maxExtra);
        }
        return new Geometry(new ConvSpec(s, p, dil, groups), g.between(1, 2), groups * cinG, groups * coutG, k, in);
    }

    /** The same layer on an input one to stride−1 cells longer than the smallest with the same output. */
    public static Geometry withExtraExtent(ShapeGen g, Geometry geo) {
        int d = geo.in().length;
        int[] out = Arrays.copyOfRange(geo.y(), 2, 2 + d), in = new int[d], s = geo.spec().stride();
        int[] stride = s.clone();
        for (int i = 0; i < d; i++) {
            stride[i] = Math.max(2, s[i]);
        }
        ConvSpec spec = new ConvSpec(stride, geo.spec().padding(), geo.spec().dilation(), geo.spec().groups());
        for (int i = 0; i < d; i++) {
            int minimal = (out[i] - 1) * stride[i] - 2 * spec.padding(i) + spec.dilation(i) * (geo.kernel()[i] - 1) + 1;
            in[i] = Math.max(1, minimal) + g.between(1, stride[i] - 1);
            while (spec.outSize(i, in[i], geo.kernel()[i]) < 1) {
                in[i]++;
            }
        }
        return new Geometry(spec, geo.n(), geo.cin(), geo.cout(), geo.kernel(), in);
    }

    private static String prefix(Geometry geo) {
        return "conv" + geo.in().length + "d ";
    }

    static OpCase forward(int index, Geometry geo, boolean bias) {
        return new OpCase(prefix(geo) + "fwd " + geo.describe() + (bias ? " +bias" : ""), OpCases.seed(BASE, index),
                geo.reduction(), (Backend b, Random rnd) -> {
                    Tensor x = Tensors.random(b, rnd, geo.x()), w = Tensors.random(b, rnd, geo.w());
                    Tensor bi = bias ? Tensors.random(b, rnd, geo.cout()) : null;
                    Tensor y = b.zeros(geo.y());
                    b.convForward(geo.spec(), x, w, bi, y);
                    return outputs("y", y);
                });
    }

    static OpCase backwardData(int index, Geometry geo) {
        return new OpCase(prefix(geo) + "bwd-data " + geo.describe(), OpCases.seed(BASE, index), geo.reduction(),
                (Backend b, Random rnd) -> {
                    Tensor dy = Tensors.random(b, rnd, geo.y()), w = Tensors.random(b, rnd, geo.w());
                    Tensor dx = b.full(io.nextframe.core.Shape.of(geo.x()), Float.NaN);
                    b.convBackwardData(geo.spec(), dy, w, dx);
                    return outputs("dx", dx);
                });
    }

    static OpCase backwardWeight(int index, Geometry geo) {
        return new OpCase(prefix(geo) + "bwd-weight " + geo.describe(), OpCases.seed(BASE, index), geo.reduction(),
                (Backend b, Random rnd) -> {
                    Tensor x = Tensors.random(b, rnd, geo.x()), dy = Tensors.random(b, rnd, geo.y());
                    Tensor dw = b.full(io.nextframe.core.Shape.of(geo.w()), Float.NaN);
                    Tensor db = b.zeros(geo.cout());
                    b.convBackwardWeight(geo.spec(), x, dy, dw, db);
                    return outputs("dw", dw, "dbias", db);
                });
    }

    /** ConvTranspose2d(6 → 4, k 3, stride 2, padding 1, output padding 1, groups 2) with bias, via the front. */
    static OpCase transposed(int index) {
        ConvSpec spec = new ConvSpec(new int[] {2, 2}, new int[] {1, 1}, new int[] {1, 1}, 2);
        return new OpCase("conv2d transposed x[2,6,5,4] w[6,2,3,3] s[2,2] p[1,1] outpad[1,1] g2 +bias",
                OpCases.seed(BASE, index), 27, (Backend b, Random rnd) -> {
                    Tensor x = Tensors.random(b, rnd, 2, 6, 5, 4), w = Tensors.random(b, rnd, 6, 2, 3, 3);
                    Tensor bias = Tensors.random(b, rnd, 4);
                    return outputs("y", b.convTranspose(spec, x, w, bias, 1, 1));
                });
    }

    private static int[] withBatch(int a, int b, int[] rest) {
        int[] r = new int[rest.length + 2];
        r[0] = a;
        r[1] = b;
        System.arraycopy(rest, 0, r, 2, rest.length);
        return r;
    }
}
