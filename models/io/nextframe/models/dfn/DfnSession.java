package io.nextframe.models.dfn;

import io.nextframe.core.Backend;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;

/**
 * A streaming DFN session. The network's step t reads frame t and predicts frame t + 1, so the session keeps the
 * hidden state after the frames before the last one plus that last frame, pending: {@link #predict} starts from
 * the pending frame, exactly where batch prediction's first output comes from.
 */
public final class DfnSession implements AutoCloseable {
    private final DfnNetwork net;
    private final Backend backend;
    private Tensor hidden;
    private Tensor pending;
    private int observed;
    private boolean closed;

    public DfnSession(DfnModel model) {
        this.net = model.network();
        this.backend = net.backend();
    }

    public int observed() {
        return observed;
    }

    /** Feeds frame (1, H, W) of values in [0, 1]. */
    public void observe(float[] frame) {
        check();
        int s = net.config().npx();
        DfnInputs.check(net.config(), new int[] {1, 1, s, s}, frame, 1);
        Tensor nextHidden;
        Tensor nextPending;
        try (Grad.Mode off = Grad.off(); Scope scope = backend.scope()) {
            Var h = hidden == null ? net.initialHidden(1) : Var.constant(hidden);
            if (pending != null) {
                h = net.step(Var.constant(pending), h).hidden();
            }
            nextHidden = backend.unscoped(backend.copyOf(h.value()));
            nextPending = backend.unscoped(backend.fromFloats(Shape.of(1, 1, s, s), frame));
        }
        if (hidden != null) {
            hidden.close();
        }
        if (pending != null) {
            pending.close();
        }
        hidden = nextHidden;
        pending = nextPending;
        observed++;
    }

    /** The next {@code future} frames (F, 1, H, W) after those observed. */
    public float[] predict(int future) {
        check();
        if (observed < 1) {
            throw new IllegalArgumentException("DFN session: observe at least one frame before predicting");
        }
        if (future < 1) {
            throw new IllegalArgumentException("DFN session: future " + future + " must be ≥ 1");
        }
        int s = net.config().npx();
        float[] out = new float[future * s * s];
        try (Grad.Mode off = Grad.off(); Scope scope = backend.scope()) {
            Var h = Var.constant(hidden);
            Var input = Var.constant(pending);
            for (int f = 0; f < future; f++) {
                DfnNetwork.Step st = net.step(input, h);
                h = st.hidden();
                input = st.output();
                System.arraycopy(st.output().value().toFloatArray(), 0, out, f * s * s, s * s);
            }
        }
        return out;
    }

    private void check() {
        if (closed) {
            throw new IllegalStateException("DFN session: already closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (hidden != null) {
                hidden.close();
            }
            if (pending != null) {
                pending.close();
            }
        }
    }
}
