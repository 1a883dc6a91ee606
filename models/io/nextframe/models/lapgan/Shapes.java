package io.nextframe.models.lapgan;

import io.nextframe.core.autograd.Var;

/** Shape checks shared by the LAPGAN modules, so bad input fails with a named expectation before any compute. */
final class Shapes {

    private Shapes() {
    }

    static void checkImage(String who, Var x, int channels, int side) {
        if (x.rank() != 4 || x.dim(1) != channels || x.dim(2) != side || x.dim(3) != side) {
            throw new IllegalArgumentException(who + ": input " + x.shape() + ", expected (B, " + channels + ", "
                    + side + ", " + side + ")");
        }
    }
}
