package io.nextframe.layers;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.LstmState;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Weight layouts and output shapes of the layers, and the gate order of the ConvLSTM cell. */
class LayerShapesTest {
    private final Backend be = Backends.get("reference");

    @Test
    void convolutionWeightLayoutsAndOutputShapes() {
        Rng rng = new Rng(1);
        try (Scope s = be.scope()) {
            Conv c1 = Conv.conv1d(be, 3, 5, 3, 2, 1, rng);
            assertEquals(Shape.of(5, 3, 3), c1.weight().value().shape());
            assertEquals(Shape.of(2, 5, 4), c1.forward(Var.constant(be.zeros(2, 3, 8))).shape());
            Conv grouped = new Conv(be, 4, 6, new int[] {3, 3}, ConvSpec.of(2, 1, 1).withGroups(2), true, rng);
            assertEquals(Shape.of(6, 2, 3, 3), grouped.weight().value().shape());
            Conv c3 = Conv.conv3d(be, 3, 4, 4, 2, 1, rng);
            assertEquals(Shape.of(1, 4, 8, 32, 32), c3.forward(Var.constant(be.zeros(1, 3, 16, 64, 64))).shape());
            // VideoGAN's first foreground layer: ConvT3d(100 → 512, kernel (2, 4, 4)) on z as (B, 100, 1, 1, 1)
            ConvTranspose t3 = new ConvTranspose(be, 100, 512, new int[] {2, 4, 4}, ConvSpec.of(3, 1, 0),
                    new int[3], true, rng);
            assertEquals(Shape.of(100, 512, 2, 4, 4), t3.weight().value().shape());
            assertEquals(Shape.of(1, 512, 2, 4, 4), t3.forward(Var.constant(be.zeros(1, 100, 1, 1, 1))).shape());
            ConvTranspose t1 = ConvTranspose.convTranspose1d(be, 2, 3, 4, 2, 1, rng);
            assertEquals(Shape.of(1, 3, 10), t1.forward(Var.constant(be.zeros(1, 2, 5))).shape());
            assertThrows(IllegalArgumentException.class,
                    () -> new Conv(be, 3, 4, new int[] {3, 3}, ConvSpec.of(2, 1, 1).withGroups(2), true, rng));
        }
    }

    @Test
    void pytorchDefaultInitBounds() {
        Rng rng = new Rng(3);
        try (Conv c = Conv.conv2d(be, 4, 8, 3, 1, 1, rng); LstmCell cell = new LstmCell(be, 5, 16, rng)) {
            double bound = 1 / Math.sqrt(36);
            for (Parameter p : c.parameters()) {
                float max = 0;
                for (float v : p.value().toFloatArray()) {
                    max = Math.max(max, Math.abs(v));
                }
                assertTrue(max <= bound && max > 0.5 * bound, "max " + max + " vs bound " + bound);
            }
            for (Parameter p : cell.parameters()) {
                for (float v : p.value().toFloatArray()) {
                    assertTrue(Math.abs(v) <= 0.25f);
                }
            }
        }
    }

    @Test
    void layerNormNormalisesTheTrailingAxes() {
        double[] d = new double[2 * 3 * 4];
        Random r = new Random(2);
        for (int i = 0; i < d.length; i++) {
            d[i] = r.nextGaussian() * 3 + 1;
        }
        try (LayerNorm ln = new LayerNorm(be, 3, 4); Scope s = be.scope()) {
            ln.to(DType.F64);
            double[] y = ln.forward(Var.constant(be.fromDoubles(Shape.of(2, 3, 4), d))).value().toDoubleArray();
            for (int n = 0; n < 2; n++) {
                double mean = 0, sq = 0;
                for (int i = 0; i < 12; i++) {
                    mean += y[n * 12 + i];
                    sq += y[n * 12 + i] * y[n * 12 + i];
                }
                assertEquals(0, mean / 12, 1e-9);
                assertEquals(1, sq / 12, 1e-4);
            }
            assertThrows(IllegalArgumentException.class, () -> ln.forward(Var.constant(be.zeros(2, 4, 3))));
        }
    }

    @Test
    void convLstmWithOneByOneKernelIsAnLstmCellAtEveryPixel() {
        int in = 3, hid = 4, b = 2, h = 2, w = 3;
        Rng rng = new Rng(8);
        try (ConvLstmCell conv = new ConvLstmCell(be, in, hid, 1, rng); LstmCell cell = new LstmCell(be, in, hid, rng);
             Scope s = be.scope()) {
            // cell weights from the conv: [W_ih | W_hh] = conv weight, b_ih = conv bias, b_hh = 0
            float[] cw = conv.conv().weight().value().toFloatArray();
            float[] wih = new float[4 * hid * in], whh = new float[4 * hid * hid];
            for (int o = 0; o < 4 * hid; o++) {
                System.arraycopy(cw, o * (in + hid), wih, o * in, in);
                System.arraycopy(cw, o * (in + hid) + in, whh, o * hid, hid);
            }
            be.upload(wih, cell.stateDict().get("weight_ih"));
            be.upload(whh, cell.stateDict().get("weight_hh"));
            be.copy(conv.conv().bias().value(), cell.stateDict().get("bias_ih"));
            be.fill(cell.stateDict().get("bias_hh"), 0f);
            Random r = new Random(1);
            float[] x = new float[b * in * h * w], h0 = new float[b * hid * h * w], c0 = new float[b * hid * h * w];
            for (float[] a : List.of(x, h0, c0)) {
                for (int i = 0; i < a.length; i++) {
                    a[i] = (float) r.nextGaussian();
                }
            }
            LstmState out = conv.forward(Var.constant(be.fromFloats(Shape.of(b, in, h, w), x)),
                    new LstmState(Var.constant(be.fromFloats(Shape.of(b, hid, h, w), h0)),
                            Var.constant(be.fromFloats(Shape.of(b, hid, h, w), c0))));
            // the same pixels as rows: (B, C, H, W) → (B·H·W, C)
            LstmState ref = cell.forward(rows(x, b, in, h, w), new LstmState(rows(h0, b, hid, h, w),
                    rows(c0, b, hid, h, w)));
            assertArrayEquals(ref.h().value().toFloatArray(),
                    F.reshape(F.permute(out.h(), 0, 2, 3, 1), b * h * w, hid).value().toFloatArray(), 1e-5f);
            assertArrayEquals(ref.c().value().toFloatArray(),
                    F.reshape(F.permute(out.c(), 0, 2, 3, 1), b * h * w, hid).value().toFloatArray(), 1e-5f);
        }
    }

    private Var rows(float[] nchw, int b, int c, int h, int w) {
        return F.reshape(F.permute(Var.constant(be.fromFloats(Shape.of(b, c, h, w), nchw)), 0, 2, 3, 1), b * h * w, c);
    }
}
