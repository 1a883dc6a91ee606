package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ResizeMode;
import org.junit.jupiter.api.Test;

class NormResampleReduceGradTest {

    @Test
    void batchNormTraining() {
        new GradCheck(1).input(3, 2, 3, 3).input(2).input(2)
                .check("batchNorm train", x -> F.batchNorm(x.get(0), x.get(1), x.get(2), null, null, true, 0.1f,
                        1e-5f));
        new GradCheck(2).input(5, 3)
                .check("batchNorm train, no affine", x -> F.batchNorm(x.get(0), null, null, null, null, true, 0.1f,
                        1e-5f));
    }

    @Test
    void batchNormEvaluationWithRunningBuffers() {
        Backend b = GradCheck.reference();
        new GradCheck(3).input(3, 2, 5).input(2).input(2).check("batchNorm eval", x -> {
            Tensor mean = b.fromDoubles(Shape.of(2), 0.3, -0.2);
            Tensor var = b.fromDoubles(Shape.of(2), 1.5, 0.7);
            return F.batchNorm(x.get(0), x.get(1), x.get(2), mean, var, false, 0.1f, 1e-5f);
        });
    }

    @Test
    void pooling() {
        new GradCheck(4).input(2, 2, 5, 7)
                .check("maxPool2d", x -> F.pool(new PoolSpec(PoolSpec.Kind.MAX, new int[] {3, 2},
                        new int[] {2, 2}, new int[] {1, 0}), x.get(0)));
        new GradCheck(5).input(2, 2, 5, 7)
                .check("avgPool2d", x -> F.pool(new PoolSpec(PoolSpec.Kind.AVG, new int[] {3, 3},
                        new int[] {2, 1}, new int[] {1, 1}), x.get(0)));
        new GradCheck(6).input(1, 2, 4, 4, 5).check("maxPool3d", x -> F.maxPool(x.get(0), 3, 2));
        new GradCheck(7).input(2, 3, 7).check("avgPool1d", x -> F.avgPool(x.get(0), 1, 2));
    }

    @Test
    void resizing() {
        new GradCheck(8).input(2, 2, 3, 4)
                .check("nearest up", x -> F.resize(ResizeMode.NEAREST, false, x.get(0), 7, 5));
        new GradCheck(9).input(2, 2, 3, 4)
                .check("bilinear", x -> F.resize(ResizeMode.LINEAR, false, x.get(0), 5, 9));
        new GradCheck(10).input(1, 2, 5, 7)
                .check("bilinear aligned down", x -> F.resize(ResizeMode.LINEAR, true, x.get(0), 3, 4));
        new GradCheck(11).input(1, 1, 2, 3, 3)
                .check("trilinear", x -> F.resize(ResizeMode.LINEAR, false, x.get(0), 3, 5, 4));
    }

    @Test
    void softmaxes() {
        new GradCheck(12).input(3, 5, 2).check("softmax", x -> F.softmax(x.get(0), 1));
        new GradCheck(13).input(3, 5).check("logSoftmax", x -> F.logSoftmax(x.get(0), -1));
    }

    @Test
    void reductions() {
        new GradCheck(14).input(3, 4, 5).check("sum all", x -> F.sum(x.get(0)));
        new GradCheck(15).input(3, 4, 5).check("sum axes", x -> F.sum(x.get(0), false, 0, 2));
        new GradCheck(16).input(3, 4, 5).check("mean keep", x -> F.mean(x.get(0), true, 1));
        new GradCheck(17).input(3, 4, 5).check("mean all", x -> F.mean(x.get(0)));
        new GradCheck(18).input(3, 4, 5).check("max", x -> F.max(x.get(0), false, 2));
        new GradCheck(19).input(3, 4, 5).check("max keep two axes", x -> F.max(x.get(0), true, 0, 1));
    }

    @Test
    void checkerRefusesFloat32() {
        Backend b = GradCheck.reference();
        Tensor f32 = b.zeros(DType.F32, Shape.of(2));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new GradCheck(0).tensor(f32, true));
        f32.close();
    }
}
