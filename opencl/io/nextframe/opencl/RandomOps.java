package io.nextframe.opencl;

import io.nextframe.core.Tensor;
import io.nextframe.core.ops.Distribution;

/**
 * Philox4x32-10 draws on the device (kernels/random.cl), the same numbers as {@link io.nextframe.core.Philox#fill}.
 * Uniform draws are bitwise equal; normal draws use double-precision Box–Muller where the device has cl_khr_fp64
 * (then equal to the float rounding of the Java result up to the libraries' last-ulp differences in log/cos, in
 * practice ≤ 1 float ulp) and single precision otherwise (≈ 1e-6 absolute, tolerance 1e-5 relative + 1e-6).
 */
final class RandomOps extends ClOps {

    RandomOps(ClContext ctx) {
        super(ctx);
    }

    void fill(Distribution dist, long seed, long stream, long counter, float a, float b, Tensor t) {
        int n = n(t);
        launch("random", "fill_random").i(n).i(dist == Distribution.NORMAL ? 1 : 0)
                .i((int) seed).i((int) (seed >>> 32)).i((int) stream).i((int) (stream >>> 32))
                .i((int) counter).i((int) (counter >>> 32)).f(a).f(b).mem(mem(t)).i(off(t)).run1(n, LOCAL_1D);
    }
}
