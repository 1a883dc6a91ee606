package io.nextframe.simd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.UnaryOp;

import java.util.Map;
import java.util.TreeMap;

/**
 * Bit hashes of the ops whose results could depend on the JIT tier (transcendentals, lane sums, FMAs), on small
 * inputs. {@link JitTierDeterminismTest} compares them between a warmed-up JVM and one limited to C1, where the
 * Vector API runs its Java fallbacks instead of C2 intrinsics. {@code main} prints them, one "name=hash" per line.
 */
final class TierHashes {
    private TierHashes() {
    }

    static Map<String, Long> compute() {
        Map<String, Long> out = new TreeMap<>();
        try (Backend be = new Backend(new SimdKernels(1), "simd"); var scope = be.scope()) {
            float[] data = Naive.random(5, 6 * 7 * 37);
            for (int i = 0; i < data.length; i++) {
                data[i] *= 6;
            }
            Tensor x = be.fromFloats(Shape.of(6, 7, 37), data);
            Tensor pos = be.unary(UnaryOp.AFFINE, 0f, 0.01f, be.unary(UnaryOp.ABS, x));
            for (UnaryOp op : UnaryOp.values()) {
                Tensor in = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW ? pos : x;
                Tensor y = be.unary(op, 1.7f, 0.4f, in);
                Tensor dx = be.zeros(x.shape());
                be.unaryBackward(op, 1.7f, 0.4f, in, y, x, dx);
                out.put("unary " + op, hash(y) * 31 + hash(dx));
            }
            for (int axis = 0; axis < 3; axis++) {
                for (boolean log : new boolean[] {false, true}) {
                    Tensor y = be.zeros(x.shape()), dx = be.zeros(x.shape());
                    be.softmax(log, axis, x, y);
                    be.softmaxBackward(log, axis, y, x, dx);
                    out.put("softmax " + log + " " + axis, hash(y) * 31 + hash(dx));
                }
            }
            for (int[] axes : new int[][] {{2}, {0}, {0, 2}, {0, 1, 2}}) {
                out.put("reduce " + java.util.Arrays.toString(axes), hash(be.reduce(ReduceOp.SUM, x, axes)));
            }
            out.put("binary", hash(be.binary(BinaryOp.DIV, x, pos)));
            Tensor gates = be.fromFloats(Shape.of(6, 4 * 37), java.util.Arrays.copyOf(data, 6 * 4 * 37));
            Tensor cp = x.select(1, 0).contiguous(), h = be.zeros(6, 37), c = be.zeros(6, 37);
            be.lstmCellForward(gates, cp, h, c);
            Tensor dg = be.zeros(gates.shape()), dcp = be.zeros(6, 37);
            be.lstmCellBackward(gates, cp, c, h, cp, dg, dcp);
            out.put("lstm", (hash(h) * 31 + hash(c)) * 31 + hash(dg) * 7 + hash(dcp));
            Tensor x4 = x.reshape(1, 6, 7, 37), g = be.zeros(1, 6, 1, 1), b = be.zeros(6);
            Tensor y4 = be.zeros(x4.shape()), sm = be.zeros(6), si = be.zeros(6), dx4 = be.zeros(x4.shape());
            be.fill(g, 1.3f);
            be.batchNormForward(x4, g.reshape(6), b, null, null, true, 0.1f, 1e-5f, y4, sm, si);
            be.batchNormBackward(x4, g.reshape(6), sm, si, true, y4, dx4, b, null);
            out.put("batchNorm", hash(y4) * 31 + hash(dx4) * 7 + hash(b));
            // GEMM: packed blocks (wide C), A read in place (narrow C), matrix–vector (one row / one column)
            Tensor ga = be.fromFloats(Shape.of(20, 300), Naive.random(6, 20 * 300));
            Tensor gb = be.fromFloats(Shape.of(300, 300), Naive.random(7, 300 * 300));
            out.put("gemm wide", hash(be.matmul(ga, false, gb, false)));
            out.put("gemm narrow", hash(be.matmul(gb, false, ga, true)));
            out.put("gemm row", hash(be.matmul(ga.slice(0, 0, 1).contiguous(), false, gb, true)));
            out.put("gemm column", hash(be.matmul(gb, false, ga.slice(0, 0, 1).contiguous(), true)));
            // convolution: lowering (stride 1 and the vector stride-2 path), flipped adjoint, col2im, lane sums
            Tensor w4 = be.fromFloats(Shape.of(4, 6, 3, 3), Naive.random(8, 4 * 6 * 9));
            for (int stride = 1; stride <= 2; stride++) {
                io.nextframe.core.ops.ConvSpec spec = io.nextframe.core.ops.ConvSpec.of(2, stride, 1);
                Tensor y = be.conv(spec, x4, w4, null);
                Tensor dxc = be.zeros(x4.shape()), dw = be.zeros(w4.shape()), db = be.zeros(4);
                be.convBackwardData(spec, y, w4, dxc);
                be.convBackwardWeight(spec, x4, y, dw, db);
                out.put("conv stride " + stride, ((hash(y) * 31 + hash(dxc)) * 31 + hash(dw)) * 31 + hash(db));
            }
        }
        return out;
    }

    private static long hash(Tensor t) {
        long h = 17;
        for (float v : t.toFloatArray()) {
            h = h * 31 + Float.floatToRawIntBits(v);
        }
        return h;
    }

    public static void main(String[] args) {
        compute().forEach((k, v) -> System.out.println(k + "=" + v));
    }
}
