package io.nextframe.layers;

/** A state dict that does not fit a module; {@link #report()} lists every problem, found before anything loads. */
public final class StateDictException extends IllegalArgumentException {
    private final LoadReport report;

    public StateDictException(String module, LoadReport report) {
        super("cannot load state dict into " + module + ": " + report);
        this.report = report;
    }

    public LoadReport report() {
        return report;
    }
}
