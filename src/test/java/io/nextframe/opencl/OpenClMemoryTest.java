package io.nextframe.opencl;

import io.nextframe.core.Backend;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ReduceOp;
import io.nextframe.core.ops.UnaryOp;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Thousands of small alloc/compute/release sequences leave the number of device buffers bounded. */
class OpenClMemoryTest {

    @Test
    void liveDeviceBuffersStayBoundedOverManySteps() {
        Backend cl = OpenClTestSupport.backend();
        OpenClKernels k = OpenClTestSupport.kernels(cl);
        long tensorsBefore = cl.liveTensors();
        long afterWarmUp = -1;
        float last = 0;
        for (int step = 0; step < 3000; step++) {
            try (var scope = cl.scope()) {
                int n = 1 + step % 37; // many size classes
                Tensor a = cl.full(io.nextframe.core.Shape.of(n, 5), 1f);
                Tensor b = cl.unary(UnaryOp.AFFINE, 2f, (float) step, a);
                Tensor c = cl.matmul(b, false, a, true);             // gemm with packing scratch
                Tensor d = cl.binary(BinaryOp.MUL, c, c);
                Tensor s = cl.reduce(ReduceOp.SUM, d, 0, 1);
                if (step % 500 == 499) {
                    last = s.item();
                }
            }
            if (step == 99) {
                afterWarmUp = k.liveDeviceBuffers();
            }
        }
        cl.synchronize();
        assertEquals(tensorsBefore, cl.liveTensors(), "tensors left open");
        long live = k.liveDeviceBuffers();
        assertTrue(live <= afterWarmUp + 8, "device buffers grew from " + afterWarmUp + " after warm-up to " + live);
        // last checked step 2999: every b entry = 2 + 2999, every c entry = 5·b, s = n²·(5b)²
        int n = 2999 % 37 + 1;
        double b = 2 + 2999;
        double want = n * n * (5 * b) * (5 * b);
        assertEquals(want, last, 1e-5 * want);
    }
}
