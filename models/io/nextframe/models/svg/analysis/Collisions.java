package io.nextframe.models.svg.analysis;

import io.nextframe.data.mmnist.Trajectory;

/**
 * Wall collisions of a Stochastic Moving MNIST trajectory, read from its boxes and velocities: the generator's bounce
 * check fires at frame t exactly when it had to clamp the box back inside the canvas, that is when the box at t is
 * not where the box at t − 1 plus its velocity would put it (a bounce always moves the box: sy &lt; 0 becomes 0,
 * sy ≥ limit becomes limit − 1).
 */
public final class Collisions {
    private Collisions() {
    }

    /** Whether digit {@code n} bounced at frame {@code t} (t ≥ 1). */
    public static boolean at(Trajectory tr, int t, int n) {
        if (tr.dy() == null || tr.dx() == null) {
            throw new IllegalArgumentException("Collisions: the trajectory has no velocities");
        }
        if (t < 1 || t >= tr.frames()) {
            throw new IllegalArgumentException("Collisions: frame " + t + " outside [1, " + tr.frames() + ")");
        }
        return tr.top(t, n) != tr.top(t - 1, n) + tr.dy(t - 1, n)
                || tr.left(t, n) != tr.left(t - 1, n) + tr.dx(t - 1, n);
    }

    /** Per frame (index 0 is always false: nothing precedes it), whether any digit bounced there. */
    public static boolean[] frames(Trajectory tr) {
        boolean[] out = new boolean[tr.frames()];
        for (int t = 1; t < tr.frames(); t++) {
            for (int n = 0; n < tr.count(); n++) {
                out[t] |= at(tr, t, n);
            }
        }
        return out;
    }

    /** The first frame ≥ {@code from} at which digit {@code n} bounced, or −1 when it does not within the clip. */
    public static int firstFrom(Trajectory tr, int n, int from) {
        for (int t = Math.max(1, from); t < tr.frames(); t++) {
            if (at(tr, t, n)) {
                return t;
            }
        }
        return -1;
    }
}
