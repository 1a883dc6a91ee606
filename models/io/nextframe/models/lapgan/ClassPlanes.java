package io.nextframe.models.lapgan;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.autograd.Var;

/** One-hot class codes, as vectors (B, K) for the fully connected level or constant planes (B, K, H, W). */
final class ClassPlanes {

    private ClassPlanes() {
    }

    static void check(int[] labels, int batch, int classes) {
        if (classes == 0) {
            if (labels != null) {
                throw new IllegalArgumentException("LAPGAN: labels given to an unconditional model");
            }
            return;
        }
        if (labels == null || labels.length != batch) {
            throw new IllegalArgumentException("LAPGAN: class-conditional model needs " + batch + " labels, got "
                    + (labels == null ? "none" : labels.length));
        }
        for (int l : labels) {
            if (l < 0 || l >= classes) {
                throw new IllegalArgumentException("LAPGAN: label " + l + " outside 0 … " + (classes - 1));
            }
        }
    }

    static Var vectors(Backend be, int[] labels, int classes) {
        float[] v = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            v[i * classes + labels[i]] = 1f;
        }
        return Var.constant(be.fromFloats(Shape.of(labels.length, classes), v));
    }

    static Var planes(Backend be, int[] labels, int classes, int h, int w) {
        int hw = h * w;
        float[] v = new float[labels.length * classes * hw];
        for (int i = 0; i < labels.length; i++) {
            java.util.Arrays.fill(v, (i * classes + labels[i]) * hw, (i * classes + labels[i] + 1) * hw, 1f);
        }
        return Var.constant(be.fromFloats(Shape.of(labels.length, classes, h, w), v));
    }
}
