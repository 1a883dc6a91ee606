package io.nextframe.models.crossconv;

import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ResizeMode;

import java.util.ArrayList;
import java.util.List;

/**
 * The paper's uses of a trained network (eval mode, no gradients). Frames are (B, 3, inputSize, inputSize);
 * predicted next frames are at the output resolution. Returned tensors belong to the caller's scope.
 */
public final class Applications {
    private Applications() {
    }

    /** The next frame for each frame of the batch with the given z: resize(I) + f_mean(z, I) / targetScale. */
    public static Tensor predict(CrossConvNet net, Tensor z, Tensor frame) {
        net.eval();
        try (Grad.Mode off = Grad.off()) {
            Var a = Var.constant(frame);
            return net.nextFrame(a, net.decode(Var.constant(z), a)).value();
        }
    }

    /** Zero-shot analogy: the motion from A to B applied to C, i.e. C + f_mean(MotionEncoder(A, B − A), C). */
    public static Tensor analogy(CrossConvNet net, Tensor a, Tensor b, Tensor c) {
        net.eval();
        try (Grad.Mode off = Grad.off()) {
            Var z = net.encode(Var.constant(a), Var.constant(b)).mean();
            Var cv = Var.constant(c);
            return net.nextFrame(cv, net.decode(z, cv)).value();
        }
    }

    /**
     * Extrapolation with one fixed z: I_{t+1} = I_t + f_mean(z, I_t), each prediction resized (bilinear) back to the
     * input resolution before the next step. Returns the {@code steps} predicted frames at the output resolution.
     */
    public static List<Tensor> extrapolate(CrossConvNet net, Tensor z, Tensor frame, int steps) {
        List<Tensor> out = new ArrayList<>();
        Tensor current = frame;
        int n = net.config().inputSize();
        for (int t = 0; t < steps; t++) {
            Tensor next = predict(net, z, current);
            out.add(next);
            try (Grad.Mode off = Grad.off()) {
                current = F.resize(ResizeMode.LINEAR, false, Var.constant(next), n, n).value();
            }
        }
        return out;
    }

    /**
     * Latent traversal: the next frames with z's dimension {@code dim} set to each of {@code values} (the rest of
     * z as given), for one frame (batch 1).
     */
    public static List<Tensor> traverse(CrossConvNet net, Tensor z, Tensor frame, int dim, double[] values) {
        if (dim < 0 || dim >= net.config().zSize() || z.shape().dim(0) != 1) {
            throw new IllegalArgumentException("Applications.traverse: dimension " + dim + " of z " + z.shape()
                    + " (need batch 1 and 0 ≤ dim < " + net.config().zSize() + ")");
        }
        float[] base = z.toFloatArray();
        List<Tensor> out = new ArrayList<>();
        for (double v : values) {
            float[] zz = base.clone();
            zz[dim] = (float) v;
            try (Scope s = z.backend().scope()) {
                Tensor zt = z.backend().fromFloats(z.shape(), zz);
                out.add(s.keep(predict(net, zt, frame)));
            }
        }
        return out;
    }

    /** Indices of z dimensions by ascending mean posterior log-variance: the first ones carry the motion. */
    public static int[] informativeDimensions(float[] meanLogvar) {
        Integer[] idx = new Integer[meanLogvar.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (x, y) -> Float.compare(meanLogvar[x], meanLogvar[y]));
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = idx[i];
        }
        return out;
    }
}
