package io.nextframe.simd;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The SIMD backend's one fixed pool of worker threads, sized to the cores (or {@code -Dnextframe.threads}).
 * {@link #parallelFor} splits a range of independent output tasks into contiguous chunks; since each task writes
 * its own outputs and never a shared reduction, results do not depend on the number of threads.
 * Calls from inside a worker run inline, so nested parallel loops cannot deadlock.
 */
public final class WorkerPool implements AutoCloseable {

    /** Work on tasks [from, to). */
    @FunctionalInterface
    public interface RangeTask {
        void run(int from, int to);
    }

    private final int threads;
    private final ExecutorService executor;
    private final ThreadLocal<Boolean> inWorker = ThreadLocal.withInitial(() -> false);

    public WorkerPool(int threads) {
        this.threads = Math.max(1, threads);
        this.executor = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, r -> {
            Thread t = new Thread(() -> {
                inWorker.set(true);
                r.run();
            }, "nextframe-simd-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Threads from {@code -Dnextframe.threads}, else the available processors. */
    public static int defaultThreads() {
        return Integer.getInteger("nextframe.threads", Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /**
     * Runs {@code task} over [0, n) split into at most {@code threads} chunks of at least {@code grain} tasks;
     * the calling thread takes the first chunk. Exceptions from any chunk are rethrown here.
     */
    public void parallelFor(int n, int grain, RangeTask task) {
        int chunks = Math.min(threads, Math.max(1, n / Math.max(1, grain)));
        if (chunks <= 1 || executor == null || inWorker.get()) {
            if (n > 0) {
                task.run(0, n);
            }
            return;
        }
        CountDownLatch done = new CountDownLatch(chunks - 1);
        AtomicReference<Throwable> error = new AtomicReference<>();
        for (int c = 1; c < chunks; c++) {
            int from = (int) ((long) n * c / chunks), to = (int) ((long) n * (c + 1) / chunks);
            executor.execute(() -> {
                try {
                    task.run(from, to);
                } catch (Throwable t) {
                    error.compareAndSet(null, t);
                } finally {
                    done.countDown();
                }
            });
        }
        boolean wasWorker = inWorker.get();
        inWorker.set(true);
        try {
            task.run(0, (int) ((long) n / chunks));
        } catch (Throwable t) {
            error.compareAndSet(null, t);
        } finally {
            inWorker.set(wasWorker);
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for workers", e);
        }
        Throwable t = error.get();
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error er) {
            throw er;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }
}
