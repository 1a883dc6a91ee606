package io.nextframe.models.train;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT) or SIGTERM during training into a clean stop: the JVM's shutdown hook raises a flag, the
 * training loop sees it after the step in flight, writes a checkpoint and reports that it stopped; the hook waits
 * (up to {@link #GRACE_SECONDS}) for that checkpoint before letting the JVM exit. A second Ctrl-C is not
 * special-cased: the JVM is already shutting down and exits when the grace period ends.
 */
final class StopRequest implements AutoCloseable {
    static final long GRACE_SECONDS = 300;

    private volatile boolean requested;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    StopRequest() {
        hook = new Thread(() -> {
            requested = true;
            try {
                finished.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "nextframe-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Whether a stop was asked for. */
    boolean requested() {
        return requested;
    }

    /** The loop has saved what it needed to; the JVM may exit. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running and now returns
        }
    }
}
