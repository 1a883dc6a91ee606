package io.nextframe.core.autograd;

/**
 * The per-thread switch that decides whether ops on {@link Var}s are recorded on the tape. Recording is on by
 * default; inference turns it off so that nothing is recorded and no tensor is saved for a backward pass:
 * <pre>{@code try (var off = Grad.off()) { Var y = model.forward(x); }}</pre>
 * Modes nest: closing a mode restores the one that was in force when it was opened.
 */
public final class Grad {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[] {true});

    private Grad() {
    }

    /** Whether ops on this thread record nodes now. */
    public static boolean isEnabled() {
        return ENABLED.get()[0];
    }

    /** Stops recording on this thread until the returned mode is closed. */
    public static Mode off() {
        return set(false);
    }

    /** Records on this thread until the returned mode is closed (e.g. inside an {@link #off()} block). */
    public static Mode on() {
        return set(true);
    }

    static Mode set(boolean enabled) {
        boolean[] flag = ENABLED.get();
        Mode m = new Mode(flag, flag[0]);
        flag[0] = enabled;
        return m;
    }

    /** A recording mode in force until closed; closing restores the previous one. */
    public static final class Mode implements AutoCloseable {
        private final boolean[] flag;
        private final boolean previous;
        private boolean closed;

        private Mode(boolean[] flag, boolean previous) {
            this.flag = flag;
            this.previous = previous;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                flag[0] = previous;
            }
        }
    }
}
