package io.nextframe.core;

import io.nextframe.core.ops.UnaryOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scopes free what they own, keep() moves a tensor out, and the live count returns to where it started. */
class ScopeTest {
    private Backend b;

    @BeforeEach
    void open() {
        b = Backends.open("reference");
    }

    @AfterEach
    void close() {
        b.close();
    }

    @Test
    void tensorsAreFreedWhenTheScopeCloses() {
        long start = b.liveTensors(), startBytes = b.liveBytes();
        Tensor t, u;
        try (Scope s = b.scope()) {
            t = b.zeros(3, 4);
            u = b.unary(UnaryOp.EXP, t);
            assertEquals(start + 2, b.liveTensors());
            assertEquals(2, s.size());
            assertFalse(t.isClosed());
        }
        assertTrue(t.isClosed() && u.isClosed());
        assertEquals(start, b.liveTensors());
        assertEquals(startBytes, b.liveBytes());
    }

    @Test
    void keptTensorsOutliveTheScope() {
        long start = b.liveTensors();
        Tensor kept;
        try (Scope s = b.scope()) {
            b.zeros(5);
            kept = s.keep(b.full(Shape.of(2), 3f));
        }
        assertFalse(kept.isClosed());
        assertEquals(3f, kept.toFloatArray()[1]);
        assertEquals(start + 1, b.liveTensors());
        kept.close();
        assertEquals(start, b.liveTensors());
    }

    @Test
    void keepMovesATensorToTheEnclosingScope() {
        long start = b.liveTensors();
        Tensor inner;
        try (Scope outer = b.scope()) {
            try (Scope s = b.scope()) {
                inner = s.keep(b.zeros(2));
                b.zeros(2);
            }
            assertFalse(inner.isClosed());
            assertEquals(1, outer.size());
        }
        assertTrue(inner.isClosed());
        assertEquals(start, b.liveTensors());
    }

    @Test
    void opsWithNonContiguousOperandsLeaveNothingBehind() {
        long start = b.liveTensors(), startBytes = b.liveBytes();
        try (Scope s = b.scope()) {
            Tensor x = b.zeros(4, 6);
            Tensor y = b.zeros(4, 6);
            // input and output are transposed views: the front copies through temporaries and frees them
            b.unary(UnaryOp.NEG, 0, 0, x.permute(1, 0), y.permute(1, 0));
            assertEquals(start + 2, b.liveTensors());
        }
        assertEquals(start, b.liveTensors());
        assertEquals(startBytes, b.liveBytes());
    }

    @Test
    void scopesMustCloseInReverseOrder() {
        Scope outer = b.scope();
        Scope inner = b.scope();
        assertThrows(IllegalStateException.class, outer::close);
        inner.close();
        outer.close();
    }

    @Test
    void closingTwiceIsHarmless() {
        long start = b.liveTensors();
        Tensor t = b.zeros(3);
        t.close();
        t.close();
        Scope s = b.scope();
        s.close();
        s.close();
        assertEquals(start, b.liveTensors());
    }
}
