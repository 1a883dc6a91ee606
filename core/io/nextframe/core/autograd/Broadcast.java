package io.nextframe.core.autograd;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.BinaryOp;
import io.nextframe.core.ops.ReduceOp;

/** The pair of adjoint ops behind broadcasting: repeat along size-1 axes, and sum back over them. */
final class Broadcast {

    private Broadcast() {
    }

    /** x repeated to {@code shape} (numpy rules); the gradient is summed back to x's shape. */
    static Var to(Var x, Shape shape) {
        if (x.shape().equals(shape)) {
            return x;
        }
        Shape s = Backend.broadcastShape("broadcastTo", x.shape(), shape);
        if (!s.equals(shape)) {
            throw new IllegalArgumentException("broadcastTo: " + x.shape() + " does not broadcast to " + shape);
        }
        Backend be = x.backend();
        Tensor y = be.zeros(x.dtype(), shape);
        be.binary(BinaryOp.ADD, y, x.value(), y);
        return Var.make("broadcastTo", y, (gy, n) -> new Var[] {sumTo(gy, x.shape())}, x);
    }

    /** g summed over the axes where {@code shape} (aligned from the right) has size 1 or is absent. */
    static Var sumTo(Var g, Shape shape) {
        if (g.shape().equals(shape)) {
            return g;
        }
        int r = g.rank();
        if (shape.rank() > r) {
            throw new IllegalArgumentException("sumTo: " + g.shape() + " has fewer axes than " + shape);
        }
        int lead = r - shape.rank();
        int[] axes = new int[r];
        int count = 0;
        for (int i = 0; i < r; i++) {
            int target = i < lead ? 1 : shape.dim(i - lead);
            if (target == 1 && g.dim(i) != 1) {
                axes[count++] = i;
            } else if (target != g.dim(i)) {
                throw new IllegalArgumentException("sumTo: " + g.shape() + " cannot be summed to " + shape);
            }
        }
        Var s = count == 0 ? g : Reductions.reduce(ReduceOp.SUM, g, true, java.util.Arrays.copyOf(axes, count));
        return s.shape().equals(shape) ? s : F.reshape(s, shape.dims());
    }
}
