package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.PoolSpec;
import io.nextframe.core.ops.ResizeMode;

/** Pooling (fused first-order backward) and resizing (a linear op whose adjoint pair is closed under gradients). */
final class Resampling {

    private Resampling() {
    }

    static Var pool(PoolSpec spec, Var x) {
        Backend be = x.backend();
        Tensor y = be.pool(spec, x.value());
        String name = spec.kind().name().toLowerCase() + "Pool";
        return Var.make(name, y, (gy, n) -> {
            FirstOrder.require(name);
            Tensor dx = be.zerosLike(x.value());
            be.poolBackward(spec, x.value(), gy.value(), dx);
            return new Var[] {Var.constant(dx)};
        }, x);
    }

    /** x (N, C, *in) resampled to the spatial extent {@code size} (one entry per spatial axis). */
    static Var resize(ResizeMode mode, boolean alignCorners, Var x, int... size) {
        if (size.length != x.rank() - 2) {
            throw new IllegalArgumentException("resize: x " + x.shape() + " has " + (x.rank() - 2)
                    + " spatial axes, size has " + size.length + " entries");
        }
        int[] d = x.shape().dims();
        System.arraycopy(size, 0, d, 2, size.length);
        Backend be = x.backend();
        Tensor y = be.zeros(x.dtype(), Shape.of(d));
        be.resizeForward(mode, alignCorners, x.value(), y);
        return Var.make("resize", y, (gy, n) -> new Var[] {adjoint(mode, alignCorners, gy, x.shape())}, x);
    }

    /** The adjoint of {@link #resize} (what its backward kernel computes); its own gradient is resize again. */
    static Var adjoint(ResizeMode mode, boolean alignCorners, Var gy, Shape xShape) {
        Backend be = gy.backend();
        Tensor dx = be.zeros(gy.dtype(), xShape);
        be.resizeBackward(mode, alignCorners, gy.value(), dx);
        int[] size = new int[gy.rank() - 2];
        for (int i = 0; i < size.length; i++) {
            size[i] = gy.dim(i + 2);
        }
        return Var.make("resizeBackward", dx, (g, n) -> new Var[] {resize(mode, alignCorners, g, size)}, gy);
    }
}
