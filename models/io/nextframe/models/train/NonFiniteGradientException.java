package io.nextframe.models.train;

/**
 * Training stopped because backward produced a NaN or infinite gradient (the optimizer did not apply it). Names the
 * step, the first such parameter (dotted name, in registration order) and the module holding it.
 */
public final class NonFiniteGradientException extends RuntimeException {
    private final long step;
    private final String parameter;

    public NonFiniteGradientException(long step, String parameter, float value) {
        super("training stopped: the gradient of parameter '" + parameter + "' (module '" + module(parameter)
                + "') at step " + step + " holds " + value + " (not finite); the last checkpoint holds the state "
                + "before it");
        this.step = step;
        this.parameter = parameter;
    }

    /** The 1-based step whose gradient was not finite. */
    public long step() {
        return step;
    }

    /** The dotted name of the first parameter with a non-finite gradient element. */
    public String parameter() {
        return parameter;
    }

    /** The module path of the parameter ({@code <root>} for a parameter of the top module). */
    public String module() {
        return module(parameter);
    }

    private static String module(String parameter) {
        int dot = parameter.lastIndexOf('.');
        return dot < 0 ? "<root>" : parameter.substring(0, dot);
    }
}
