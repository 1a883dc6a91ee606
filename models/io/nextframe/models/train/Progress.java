package io.nextframe.models.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress lines: {@code step 120/2000  loss 0.23451  lr 0.001  4.1 steps/s  eta 7m40s}, printed every
 * {@code every} steps and at the last one. Plain lines whether or not stdout is a terminal, so logs of unattended
 * runs stay readable; on a terminal the line gets a 20-cell bar and is rewritten in place with a carriage return.
 */
public final class Progress {
    private final PrintStream out;
    private final int every;
    private final long total;
    private final boolean terminal;
    private long windowStartStep;
    private long windowStartNanos;

    public Progress(PrintStream out, int every, long total, long firstStep, boolean terminal) {
        if (every < 1) {
            throw new IllegalArgumentException("Progress: every " + every + " must be ≥ 1");
        }
        this.out = out;
        this.every = every;
        this.total = total;
        this.terminal = terminal;
        this.windowStartStep = firstStep;
        this.windowStartNanos = System.nanoTime();
    }

    /** {@code [########------------]  } for a terminal line: the fraction of the run done, 20 cells. */
    static String bar(long step, long total) {
        int cells = total <= 0 ? 20 : (int) Math.min(20, 20 * step / total);
        return "[" + "#".repeat(cells) + "-".repeat(20 - cells) + "]  ";
    }

    /** Whether this JVM's stdout is an interactive terminal. */
    public static boolean stdoutIsTerminal() {
        return System.console() != null && System.console().isTerminal();
    }

    /** Reports the completion of {@code step} (1-based). */
    public void completed(long step, double loss, double lr) {
        if (step % every != 0 && step != total) {
            return;
        }
        long now = System.nanoTime();
        double rate = (step - windowStartStep) / Math.max(1e-9, (now - windowStartNanos) / 1e9);
        windowStartStep = step;
        windowStartNanos = now;
        long eta = rate > 0 ? Math.round((total - step) / rate) : 0;
        String line = String.format(Locale.ROOT, "step %d/%d  loss %.6g  lr %.3g  %.2f steps/s  eta %dm%02ds",
                step, total, loss, lr, rate, eta / 60, eta % 60);
        if (terminal) {
            out.print('\r' + bar(step, total) + line + (step == total ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
