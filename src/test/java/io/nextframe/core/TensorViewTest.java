package io.nextframe.core;

import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.UnaryOp;
import io.nextframe.testing.Tensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Views share storage without copying; ops on non-contiguous views equal the same ops on contiguous copies. */
class TensorViewTest {
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

    private Tensor iota(int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        return b.fromFloats(s, v);
    }

    @Test
    void sliceSelectPermuteReshapeReadTheRightElements() {
        Tensor t = iota(2, 3, 4);
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23},
                t.slice(1, 1, 3).toFloatArray(), "slice axis 1 [1, 3)");
        assertArrayEquals(new float[] {2, 6, 10, 14, 18, 22}, t.select(2, 2).toFloatArray(), "select axis 2 = 2");
        assertArrayEquals(new float[] {0, 12, 4, 16, 8, 20}, t.select(2, 0).permute(1, 0).toFloatArray(),
                "permuted select");
        Tensor p = t.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape().dims());
        assertArrayEquals(new float[] {0, 4, 8, 12, 16, 20}, p.select(0, 0).toFloatArray());
        assertArrayEquals(iota(6, 4).toFloatArray(), t.reshape(6, -1).toFloatArray(), "reshape");
        assertTrue(t.slice(0, 1, 2).isContiguous());
        assertFalse(t.slice(2, 0, 2).isContiguous());
        assertFalse(p.isContiguous());
    }

    @Test
    void viewsShareStorage() {
        Tensor t = b.zeros(3, 3);
        b.fill(t.select(0, 1), 7f);
        b.fill(t.select(1, 2), 5f);
        assertArrayEquals(new float[] {0, 0, 5, 7, 7, 5, 0, 0, 5}, t.toFloatArray());
        b.upload(new float[] {1, 2, 3}, t.select(1, 0));
        assertArrayEquals(new float[] {1, 0, 5, 2, 7, 5, 3, 0, 5}, t.toFloatArray(), "upload into a column");
    }

    @Test
    void reshapeOfANonContiguousViewIsRefused() {
        Tensor p = iota(2, 3).permute(1, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.reshape(6));
        assertTrue(e.getMessage().contains("non-contiguous"), e.getMessage());
        assertArrayEquals(new float[] {0, 3, 1, 4, 2, 5}, p.contiguous().reshape(6).toFloatArray());
    }

    @Test
    void copyBetweenStridedViews() {
        Tensor src = iota(4, 5).slice(1, 1, 4).slice(0, 1, 3);   // rows 1–2, cols 1–3: [[6,7,8],[11,12,13]]
        Tensor dst = b.zeros(3, 2);
        b.copy(src, dst.permute(1, 0));
        assertArrayEquals(new float[] {6, 11, 7, 12, 8, 13}, dst.toFloatArray());
        assertArrayEquals(new float[] {6, 7, 8, 11, 12, 13}, b.copyOf(src).toFloatArray());
        assertTrue(b.copyOf(src).isContiguous());
    }

    @Test
    void opsOnNonContiguousViewsEqualOpsOnContiguousCopies() {
        Random rnd = new Random(11);
        Tensor big = Tensors.random(b, rnd, 3, 2, 7, 6);
        Tensor view = big.permute(0, 1, 3, 2).slice(2, 1, 5);        // (3, 2, 4, 7), non-contiguous
        Tensor copy = b.copyOf(view);
        Tensor w = Tensors.random(b, rnd, 4, 2, 3, 3);
        ConvSpec spec = ConvSpec.of(2, 1, 1);
        assertArrayEquals(b.conv(spec, copy, w, null).toFloatArray(), b.conv(spec, view, w, null).toFloatArray(),
                "conv");
        assertArrayEquals(b.unary(UnaryOp.TANH, copy).toFloatArray(), b.unary(UnaryOp.TANH, view).toFloatArray(),
                "tanh");
        assertArrayEquals(b.reduce(ReduceOp.SUM, copy, 1, 3).toFloatArray(),
                b.reduce(ReduceOp.SUM, view, 1, 3).toFloatArray(), "reduce");
        Tensor row = big.select(0, 2).select(0, 1).select(1, 3);     // a strided (7,) column
        assertArrayEquals(b.binary(BinaryOp.MUL, copy, b.copyOf(row)).toFloatArray(),
                b.binary(BinaryOp.MUL, view, row).toFloatArray(), "broadcast mul");
        Tensor y1 = b.zeros(3, 2, 4, 7), y2 = b.zeros(3, 2, 7, 4);
        b.softmax(false, 3, copy, y1);
        b.softmax(false, 3, view, y2.permute(0, 1, 3, 2));           // a non-contiguous output
        assertArrayEquals(y1.toFloatArray(), y2.permute(0, 1, 3, 2).toFloatArray(), "softmax into a view");

        Tensor a = Tensors.random(b, rnd, 5, 3).permute(1, 0), m = Tensors.random(b, rnd, 4, 5);
        assertArrayEquals(b.matmul(b.copyOf(a), false, m, true).toFloatArray(),
                b.matmul(a, false, m, true).toFloatArray(), "gemm on a transposed view");
        Tensor c = Tensors.random(b, rnd, 4, 3), cView = b.zeros(3, 4).permute(1, 0);
        b.copy(c, cView);
        Tensor c2 = b.copyOf(c);
        b.gemm(false, false, 1f, b.copyOf(a), b.copyOf(a).permute(1, 0), 0.5f, c2.slice(0, 0, 3).slice(1, 0, 3));
        b.gemm(false, false, 1f, a, a.permute(1, 0), 0.5f, cView.slice(0, 0, 3).slice(1, 0, 3));
        assertArrayEquals(c2.toFloatArray(), cView.toFloatArray(), "gemm with β into a strided C");
    }
}
