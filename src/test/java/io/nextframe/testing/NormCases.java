package io.nextframe.testing;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;

import java.util.List;
import java.util.Random;

import static io.nextframe.testing.OpCase.outputs;
import static io.nextframe.testing.Tensors.dims;

/** Batch norm forward (training with running-stat update, evaluation) and backward, ranks 2–5, with/without affine. */
final class NormCases {
    private static final long BASE = 31;

    private NormCases() {
    }

    static void add(List<OpCase> out) {
        ShapeGen g = new ShapeGen(BASE);
        int index = 0;
        for (int i = 0; i < 12; i++) {
            int rank = 2 + i % 4;
            int[] d = g.sizes(rank, rank == 5 ? 5 : 9);
            d[0] = g.between(2, 4);
            boolean training = i % 3 != 2, affine = i % 4 != 3;
            out.add(forward(index++, d, training, affine));
            out.add(backward(index++, d, training, affine));
        }
    }

    private static long perChannel(int[] d) {
        long n = 1;
        for (int i = 0; i < d.length; i++) {
            n *= i == 1 ? 1 : d[i];
        }
        return n;
    }

    private static String describe(int[] d, boolean training, boolean affine) {
        return dims(d) + (training ? " train" : " eval") + (affine ? " affine" : "");
    }

    static OpCase forward(int index, int[] d, boolean training, boolean affine) {
        return new OpCase("batchnorm fwd " + describe(d, training, affine), OpCases.seed(BASE, index), perChannel(d),
                (Backend b, Random rnd) -> {
                    int c = d[1];
                    Tensor x = Tensors.randomIn(b, rnd, -2, 3, d);
                    Tensor gamma = affine ? Tensors.randomIn(b, rnd, 0.5, 1.5, c) : null;
                    Tensor beta = affine ? Tensors.random(b, rnd, c) : null;
                    Tensor rm = Tensors.random(b, rnd, c), rv = Tensors.randomIn(b, rnd, 0.5, 2, c);
                    Tensor y = b.zeros(d), sm = b.zeros(c), si = b.zeros(c);
                    b.batchNormForward(x, gamma, beta, rm, rv, training, 0.1f, 1e-5f, y, sm, si);
                    return outputs("y", y, "saveMean", sm, "saveInvStd", si, "runningMean", rm, "runningVar", rv);
                });
    }

    static OpCase backward(int index, int[] d, boolean training, boolean affine) {
        return new OpCase("batchnorm bwd " + describe(d, training, affine), OpCases.seed(BASE, index), perChannel(d),
                (Backend b, Random rnd) -> {
                    int c = d[1];
                    Tensor x = Tensors.randomIn(b, rnd, -2, 3, d);
                    Tensor gamma = affine ? Tensors.randomIn(b, rnd, 0.5, 1.5, c) : null;
                    Tensor rm = Tensors.random(b, rnd, c), rv = Tensors.randomIn(b, rnd, 0.5, 2, c);
                    Tensor y = b.zeros(d), sm = b.zeros(c), si = b.zeros(c);
                    b.batchNormForward(x, gamma, null, rm, rv, training, 0.1f, 1e-5f, y, sm, si);
                    Tensor dy = Tensors.random(b, rnd, d), dx = b.zeros(d);
                    Tensor dg = affine ? b.zeros(c) : null, db = affine ? b.zeros(c) : null;
                    b.batchNormBackward(x, gamma, sm, si, training, dy, dx, dg, db);
                    return affine ? outputs("dx", dx, "dgamma", dg, "dbeta", db) : outputs("dx", dx);
                });
    }
}
