package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class BatchNormLayerTest {
    private final Backend be = Backends.get("reference");

    @Test
    void trainingUpdatesRunningStatsEvalUsesThemBatchModeIgnoresThem() {
        // channel 0 values {1, 3}, channel 1 values {2, 6}, one pixel, batch 2
        float[] x = {1, 2, 3, 6};
        try (BatchNorm bn = new BatchNorm(be, 2, 1e-5f, 0.1f, true); Scope s = be.scope()) {
            Var in = Var.constant(be.fromFloats(Shape.of(2, 2), x));
            float[] y = bn.forward(in).value().toFloatArray();
            assertEquals(-1, y[0], 1e-4);
            assertEquals(1, y[2], 1e-4);
            // running = 0.9·init + 0.1·batch, unbiased variance (2 and 8)
            assertArrayEquals(new float[] {0.2f, 0.4f}, bn.runningMean().toFloatArray(), 1e-6f);
            assertArrayEquals(new float[] {0.9f + 0.2f, 0.9f + 0.8f}, bn.runningVar().toFloatArray(), 1e-6f);
            assertEquals(1f, bn.numBatchesTracked().item());
            bn.eval();
            float[] e = bn.forward(in).value().toFloatArray();
            assertEquals((1 - 0.2) / Math.sqrt(1.1 + 1e-5), e[0], 1e-5);
            bn.useBatchStatisticsInEval(true);
            float[] b = bn.forward(in).value().toFloatArray();
            assertEquals(-1, b[0], 1e-4);
            assertArrayEquals(new float[] {0.2f, 0.4f}, bn.runningMean().toFloatArray(), 1e-6f);
            assertEquals(1f, bn.numBatchesTracked().item());
        }
    }

    @Test
    void batchStatisticsInEvalReachesEveryBatchNormOfAModel() {
        try (SvgNets.Encoder a = new SvgNets.Encoder(be, 4, 1, 2, new Rng(1));
             SvgNets.Encoder b = new SvgNets.Encoder(be, 4, 1, 2, new Rng(1)); Scope s = be.scope()) {
            float[] data = new float[2 * 64 * 64];
            java.util.Random r = new java.util.Random(3);
            for (int i = 0; i < data.length; i++) {
                data[i] = r.nextFloat();
            }
            Var x = Var.constant(be.fromFloats(Shape.of(2, 1, 64, 64), data));
            a.eval();
            BatchNorm.useBatchStatisticsInEval(a, true);
            // evaluation with batch statistics = training-mode normalisation, without touching the buffers
            assertArrayEquals(b.forward(x).getFirst().value().toFloatArray(),
                    a.forward(x).getFirst().value().toFloatArray(), 1e-6f);
            for (Module m : a.namedModules().values()) {
                if (m instanceof BatchNorm bn) {
                    assertEquals(0f, bn.numBatchesTracked().item());
                    assertArrayEquals(new float[bn.channels()], bn.runningMean().toFloatArray());
                }
            }
        }
    }

    @Test
    void poolingUpsamplingAndSoftmaxBlocks() {
        try (Scope s = be.scope()) {
            Var x = Var.constant(be.fromFloats(Shape.of(1, 1, 2, 2), 1, 2, 3, 4));
            assertEquals(4f, Pool.max(be, 2, 2).forward(x).value().item());
            assertEquals(2.5f, Pool.avg(be, 2, 2).forward(x).value().item());
            assertArrayEquals(new float[] {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4},
                    Upsample.nearest(be, 2).forward(x).value().toFloatArray());
            float[] ac = Upsample.bilinear(be, 2, true).forward(x).value().toFloatArray();
            assertEquals(1f, ac[0], 1e-6);
            assertEquals(4f, ac[15], 1e-6);
            assertEquals(1f + 1f / 3, ac[1], 1e-6);
            float[] sm = Activation.softmax(be, 3).forward(x).value().toFloatArray();
            assertEquals(1, sm[0] + sm[1], 1e-6);
            Concat cat = new Concat(be, 1, Activation.identity(be), Activation.relu(be));
            assertEquals(Shape.of(1, 2, 2, 2), cat.forward(x).shape());
        }
    }
}
