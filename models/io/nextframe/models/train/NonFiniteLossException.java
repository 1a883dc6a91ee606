package io.nextframe.models.train;

/** Training stopped because the loss of a step was NaN or infinite (the parameters were not updated with it). */
public final class NonFiniteLossException extends RuntimeException {
    private final long step;

    public NonFiniteLossException(long step, double loss) {
        super("training stopped: the loss at step " + step + " is " + loss
                + " (not finite); the last checkpoint holds the state before it");
        this.step = step;
    }

    /** The 1-based step whose loss was not finite. */
    public long step() {
        return step;
    }
}
