package io.nextframe.core;

import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.UnaryOp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad inputs to the checked front are refused before any kernel runs, with the right exception type and a message
 * that names the op, the operand and the expected versus actual shape.
 */
class BackendValidationTest {
    private Backend b;

    @BeforeEach
    void open() {
        b = Backends.open("reference");
    }

    @AfterEach
    void close() {
        b.close();
    }

    /** Asserts the exception type and that its message contains every fragment. */
    private static <T extends Throwable> T fails(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message \"" + e.getMessage() + "\" should contain \"" + f + "\"");
        }
        return e;
    }

    @Test
    void gemmInnerDimensionMismatch() {
        Tensor a = b.zeros(2, 3), m = b.zeros(4, 5), c = b.zeros(2, 5);
        fails(IllegalArgumentException.class, () -> b.gemm(false, false, 1f, a, m, 0f, c),
                "gemm", "2×3", "4×5", "[2, 3]", "[4, 5]", "C is [2, 5]");
    }

    @Test
    void gemmOutputAndBatchMismatch() {
        fails(IllegalArgumentException.class,
                () -> b.gemm(false, false, 1f, b.zeros(2, 3), b.zeros(3, 4), 0f, b.zeros(2, 5)), "gemm", "[2, 5]");
        fails(IllegalArgumentException.class,
                () -> b.gemm(false, false, 1f, b.zeros(3, 2, 3), b.zeros(2, 3, 4), 0f, b.zeros(3, 2, 4)),
                "gemm", "batch sizes A 3, B 2, C 3");
        fails(IllegalArgumentException.class,
                () -> b.gemm(false, false, 1f, b.zeros(2, 3), b.zeros(1, 3, 4), 0f, b.zeros(1, 2, 4)),
                "gemm", "A", "[2, 3]", "expected rank 3");
    }

    @Test
    void convOutputShapeMismatch() {
        Tensor x = b.zeros(1, 3, 8, 8), w = b.zeros(4, 3, 3, 3), y = b.zeros(1, 4, 8, 8);
        fails(IllegalArgumentException.class, () -> b.convForward(ConvSpec.of(2, 1, 0), x, w, null, y),
                "conv2d", "[1, 4, 8, 8]", "expected [1, 4, 6, 6]");
    }

    @Test
    void convChannelAndGroupMismatch() {
        fails(IllegalArgumentException.class,
                () -> b.convForward(ConvSpec.of(2, 1, 1), b.zeros(1, 3, 5, 5), b.zeros(4, 2, 3, 3), null,
                        b.zeros(1, 4, 5, 5)), "conv2d", "[4, 2, 3, 3]", "expects 2 input channels", "[1, 3, 5, 5]");
        fails(IllegalArgumentException.class,
                () -> b.convForward(ConvSpec.of(2, 1, 1).withGroups(2), b.zeros(1, 3, 5, 5), b.zeros(4, 1, 3, 3),
                        null, b.zeros(1, 4, 5, 5)), "conv2d", "groups 2");
        fails(IllegalArgumentException.class,
                () -> b.convForward(ConvSpec.of(2, 1, 1), b.zeros(1, 3, 5, 5), b.zeros(4, 3, 3, 3), b.zeros(3),
                        b.zeros(1, 4, 5, 5)), "conv2d", "bias", "[3]", "expected [4]");
        fails(IllegalArgumentException.class,
                () -> b.convBackwardData(ConvSpec.of(1, 2, 0), b.zeros(1, 1, 3), b.zeros(1, 1, 3),
                        b.zeros(1, 1, 9)), "conv1d backward-data", "[1, 1, 3]", "expected [1, 1, 4]");
        fails(IllegalArgumentException.class,
                () -> b.conv(ConvSpec.of(3, 1, 0), b.zeros(1, 1, 4, 4), b.zeros(1, 1, 3, 3), null),
                "rank-5", "[1, 1, 4, 4]");
        // an input smaller than the kernel has no output, whatever the stride (no truncation towards a size of 1)
        fails(IllegalArgumentException.class,
                () -> b.conv(ConvSpec.of(2, 2, 0), b.zeros(1, 1, 3, 3), b.zeros(1, 1, 4, 4), null),
                "conv", "[1, 1, 3, 3]", "empty output");
    }

    @Test
    void batchNormParameterShapes() {
        Tensor x = b.zeros(4, 2, 3), y = b.zeros(4, 2, 3), sm = b.zeros(2), si = b.zeros(2);
        fails(IllegalArgumentException.class,
                () -> b.batchNormForward(x, b.zeros(3), null, null, null, true, 0.1f, 1e-5f, y, sm, si),
                "batchNorm", "gamma", "[3]", "expected [2]");
        fails(IllegalArgumentException.class,
                () -> b.batchNormForward(x, null, null, null, null, true, 0.1f, 1e-5f, b.zeros(4, 2, 2), sm, si),
                "batchNorm", "y", "[4, 2, 2]", "expected [4, 2, 3]");
        fails(IllegalArgumentException.class,
                () -> b.batchNormForward(x, null, null, null, null, false, 0.1f, 1e-5f, y, sm, si),
                "batchNorm", "running mean");
        fails(IllegalArgumentException.class,
                () -> b.batchNormBackward(x, null, sm, si, true, b.zeros(4, 2, 2), b.zeros(4, 2, 3), null, null),
                "batchNorm backward", "dy", "[4, 2, 2]", "expected [4, 2, 3]");
    }

    @Test
    void concatShapeMismatch() {
        fails(IllegalArgumentException.class, () -> b.concat(List.of(b.zeros(2, 3), b.zeros(3, 3)), 1),
                "concat", "input 1", "[3, 3]", "expected size 2 on axis 0");
        fails(IllegalArgumentException.class,
                () -> b.concat(List.of(b.zeros(2, 3), b.zeros(2, 1)), 1, b.zeros(2, 5)),
                "concat", "add up to 4", "out has 5");
        fails(IllegalArgumentException.class, () -> b.concat(List.of(b.zeros(2, 3), b.zeros(2)), 0),
                "concat", "[2, 3]", "[2]", "rank");
    }

    @Test
    void binaryShapesThatDoNotBroadcast() {
        fails(IllegalArgumentException.class, () -> b.binary(BinaryOp.ADD, b.zeros(2, 3), b.zeros(4)),
                "add", "[2, 3]", "[4]", "do not broadcast", "3 vs 4");
        fails(IllegalArgumentException.class,
                () -> b.binary(BinaryOp.MUL, b.zeros(2, 3), b.zeros(3), b.zeros(3)),
                "mul", "y has shape [3]", "expected [2, 3]");
    }

    @Test
    void otherShapeChecks() {
        fails(IllegalArgumentException.class, () -> b.unary(UnaryOp.RELU, 0, 0, b.zeros(2, 3), b.zeros(3, 2)),
                "relu", "[3, 2]", "expected [2, 3]");
        fails(IllegalArgumentException.class, () -> b.pool(PoolSpec.of(PoolSpec.Kind.MAX, 2, 4), b.zeros(1, 1, 3, 3)),
                "pool", "[1, 1, 3, 3]");
        fails(IllegalArgumentException.class,
                () -> b.softmax(false, 1, b.zeros(2, 3), b.zeros(2, 4)), "softmax", "[2, 4]", "expected [2, 3]");
        fails(IllegalArgumentException.class,
                () -> b.lstmCellForward(b.zeros(2, 8), b.zeros(2, 3), b.zeros(2, 2), b.zeros(2, 2)),
                "lstmCell", "cPrev", "[2, 3]", "expected [2, 2]");
        fails(IllegalArgumentException.class,
                () -> b.crossConvForward(b.zeros(1, 2, 5, 5), b.zeros(1, 2, 3, 3), 0, 0, b.zeros(1, 2, 5, 5)),
                "crossConv", "[1, 2, 5, 5]", "expected [1, 2, 3, 3]");
        fails(IllegalArgumentException.class,
                () -> b.binary(BinaryOp.ADD, b.zeros(2), b.zeros(DType.F64, Shape.of(2))), "add", "dtype");
    }

    @Test
    void zeroOrNegativeDimensionsAreRefusedWhenTheShapeIsMade() {
        fails(IllegalArgumentException.class, () -> Shape.of(2, 0), "[2, 0]", "dimension 1 is 0", "≥ 1");
        fails(IllegalArgumentException.class, () -> Shape.of(-3), "dimension 0 is -3");
        fails(IllegalArgumentException.class, () -> b.zeros(4, 0, 2), "dimension 1 is 0");
    }

    @Test
    void closedTensorsAreRefused() {
        Tensor x = b.zeros(2, 2), view = x.slice(0, 0, 1);
        x.close();
        assertTrue(x.isClosed() && view.isClosed());
        fails(IllegalStateException.class, () -> b.unary(UnaryOp.NEG, x), "neg", "[2, 2]", "closed");
        fails(IllegalStateException.class, () -> b.binary(BinaryOp.ADD, b.zeros(1, 2), view), "add", "closed");
        fails(IllegalStateException.class, x::toFloatArray, "closed");
        x.close();
    }

    @Test
    void tensorsOfTwoBackendInstancesDoNotMix() {
        try (Backend other = Backends.open("reference")) {
            Tensor mine = b.zeros(2, 2), theirs = other.zeros(2, 2);
            fails(IllegalArgumentException.class, () -> b.binary(BinaryOp.ADD, mine, theirs),
                    "add", "b", "belongs to backend");
            fails(IllegalArgumentException.class, () -> b.gemm(false, false, 1f, mine, mine, 0f, theirs),
                    "gemm", "C", "belongs to backend");
            // copyTo is the way across
            Tensor moved = theirs.copyTo(b);
            assertEquals(b, moved.backend());
        }
    }

    @Test
    void unknownBackendNamesAreErrors() {
        fails(IllegalArgumentException.class, () -> Backends.open("nonesuch"), "unknown backend", "nonesuch",
                "reference");
        fails(IllegalStateException.class, () -> Backends.open("reference:1"), "reference", "'1'");
    }
}
