package io.nextframe.data.pipeline;

import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.SequenceRandom;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches of a {@link ClipSource}, prepared ahead on background threads so training never waits on generation.
 *
 * <p>Which clips form batch s is a pure function of (source, options, s):
 * <ul>
 *   <li>finite source of N clips: epoch e = s / B_e, batch b = s mod B_e (B_e batches per epoch, the last one
 *       short unless {@code dropLast}); clips are positions [b·size, (b+1)·size) of epoch e's order — the identity,
 *       or with {@code shuffle} a Fisher–Yates permutation drawn from Philox stream e of the seed;</li>
 *   <li>endless source (a generator): clips s·size … s·size + size − 1.</li>
 * </ul>
 * Batches are computed by {@code workers} threads, at most {@code prefetch} ahead, and returned strictly in step
 * order, so the output does not depend on thread timing. {@link #position()} is the step of the next batch; a
 * loader created with that position (e.g. from a checkpoint's {@link #state()}) continues exactly where this one
 * would have.
 */
public final class BatchLoader implements Iterator<Batch>, AutoCloseable {
    private static final long SALT = 0xBA7C4L;
    private static final AtomicInteger THREADS = new AtomicInteger();

    /**
     * @param batchSize clips per batch
     * @param shuffle   reshuffle a finite source every epoch
     * @param dropLast  drop a finite source's last, short batch of each epoch
     * @param seed      the shuffle seed
     * @param prefetch  batches prepared ahead (≥ 1)
     * @param workers   background threads (≥ 1)
     * @param maxSteps  batches in total before {@link #hasNext()} turns false; Long.MAX_VALUE for no end
     */
    public record Options(int batchSize, boolean shuffle, boolean dropLast, long seed, int prefetch, int workers,
                          long maxSteps) {
        public Options {
            if (batchSize <= 0 || prefetch <= 0 || workers <= 0 || maxSteps < 0) {
                throw new IllegalArgumentException("BatchLoader.Options: batchSize, prefetch and workers must be "
                        + "positive, maxSteps ≥ 0; got " + batchSize + ", " + prefetch + ", " + workers + ", "
                        + maxSteps);
            }
        }

        /** Shuffled, last batch kept, 4 batches ahead on one thread, endless. */
        public static Options of(int batchSize, long seed) {
            return new Options(batchSize, true, false, seed, 4, 1, Long.MAX_VALUE);
        }

        public Options withWorkers(int n) {
            return new Options(batchSize, shuffle, dropLast, seed, Math.max(prefetch, n), n, maxSteps);
        }

        public Options withPrefetch(int n) {
            return new Options(batchSize, shuffle, dropLast, seed, n, workers, maxSteps);
        }

        public Options withMaxSteps(long n) {
            return new Options(batchSize, shuffle, dropLast, seed, prefetch, workers, n);
        }

        public Options withDropLast(boolean d) {
            return new Options(batchSize, shuffle, d, seed, prefetch, workers, maxSteps);
        }

        public Options withShuffle(boolean s) {
            return new Options(batchSize, s, dropLast, seed, prefetch, workers, maxSteps);
        }
    }

    private final ClipSource source;
    private final Options options;
    private final long shuffleSeed;
    private final long batchesPerEpoch;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Batch>> ahead = new ArrayDeque<>();
    private long position;
    private long submitted;
    private boolean closed;
    /** The permutation of the epoch last asked for (workers mostly share one epoch). */
    private long cachedEpoch = -1;
    private int[] cachedOrder;

    public BatchLoader(ClipSource source, Options options) {
        this(source, options, 0);
    }

    /** A loader whose first batch is step {@code startStep}. */
    public BatchLoader(ClipSource source, Options options, long startStep) {
        if (startStep < 0) {
            throw new IllegalArgumentException("BatchLoader: start step " + startStep + " < 0");
        }
        long n = source.size();
        if (n <= 0) {
            throw new IllegalArgumentException("BatchLoader: the source holds no clips");
        }
        boolean endless = n == Long.MAX_VALUE;
        if (!endless && options.shuffle() && n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("BatchLoader: cannot shuffle " + n + " clips");
        }
        if (!endless && options.dropLast() && n < options.batchSize()) {
            throw new IllegalArgumentException("BatchLoader: " + n + " clips give no full batch of "
                    + options.batchSize() + " with dropLast");
        }
        this.source = source;
        this.options = options;
        this.shuffleSeed = SequenceRandom.derive(options.seed(), SALT);
        this.batchesPerEpoch = endless ? Long.MAX_VALUE
                : options.dropLast() ? n / options.batchSize() : (n + options.batchSize() - 1) / options.batchSize();
        this.position = startStep;
        this.submitted = startStep;
        this.pool = Executors.newFixedThreadPool(options.workers(), r -> {
            Thread t = new Thread(r, "nextframe-data-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Restores a loader from {@link #state()}; the options must be the ones the state was saved with. */
    public static BatchLoader restore(ClipSource source, Options options, Map<String, String> state) {
        long step = Long.parseLong(required(state, "data.step"));
        long seed = Long.parseLong(required(state, "data.seed"));
        int batch = Integer.parseInt(required(state, "data.batch_size"));
        if (seed != options.seed() || batch != options.batchSize()) {
            throw new IllegalArgumentException("BatchLoader.restore: the state was saved with seed " + seed
                    + " and batch size " + batch + ", but the options say " + options.seed() + " and "
                    + options.batchSize());
        }
        return new BatchLoader(source, options, step);
    }

    private static String required(Map<String, String> state, String key) {
        String v = state.get(key);
        if (v == null) {
            throw new IllegalArgumentException("BatchLoader.restore: the state lacks '" + key + "'");
        }
        return v;
    }

    /** The position as flat string metadata (for a checkpoint's safetensors header). */
    public Map<String, String> state() {
        return Map.of("data.step", Long.toString(position), "data.seed", Long.toString(options.seed()),
                "data.batch_size", Integer.toString(options.batchSize()));
    }

    /** The step of the next batch {@link #next()} returns. */
    public long position() {
        return position;
    }

    /** Batches per epoch of a finite source; Long.MAX_VALUE for an endless one. */
    public long batchesPerEpoch() {
        return batchesPerEpoch;
    }

    @Override
    public boolean hasNext() {
        return !closed && position < options.maxSteps();
    }

    @Override
    public Batch next() {
        if (closed) {
            throw new IllegalStateException("BatchLoader is closed");
        }
        if (!hasNext()) {
            throw new NoSuchElementException("BatchLoader: all " + options.maxSteps() + " steps delivered");
        }
        while (ahead.size() < options.prefetch() && submitted < options.maxSteps()) {
            long s = submitted++;
            ahead.addLast(pool.submit(() -> batch(s)));
        }
        Future<Batch> f = ahead.pollFirst();
        Batch b;
        try {
            b = f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("BatchLoader interrupted while waiting for step " + position, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("BatchLoader: step " + position + " failed", cause);
        }
        position++;
        if (submitted < options.maxSteps()) {
            long s = submitted++;
            ahead.addLast(pool.submit(() -> batch(s)));
        }
        return b;
    }

    /** Batch {@code step}, computed on the calling thread (what the workers run). */
    public Batch batch(long step) {
        long[] idx = indices(step);
        Clip[] clips = new Clip[idx.length];
        for (int i = 0; i < idx.length; i++) {
            clips[i] = source.clip(idx[i]);
        }
        return Batch.of(step, idx, clips);
    }

    /** The source indices of batch {@code step}. */
    public long[] indices(long step) {
        int b = options.batchSize();
        if (batchesPerEpoch == Long.MAX_VALUE) {
            long[] idx = new long[b];
            for (int i = 0; i < b; i++) {
                idx[i] = Math.addExact(Math.multiplyExact(step, b), i);
            }
            return idx;
        }
        long n = source.size();
        long epoch = step / batchesPerEpoch;
        long first = step % batchesPerEpoch * b;
        int count = (int) Math.min(b, n - first);
        long[] idx = new long[count];
        int[] order = options.shuffle() ? order(epoch) : null;
        for (int i = 0; i < count; i++) {
            idx[i] = order == null ? first + i : order[(int) (first + i)];
        }
        return idx;
    }

    private synchronized int[] order(long epoch) {
        if (epoch != cachedEpoch) {
            int n = (int) source.size();
            int[] p = new int[n];
            for (int i = 0; i < n; i++) {
                p[i] = i;
            }
            SequenceRandom rng = new SequenceRandom(shuffleSeed, epoch);
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            cachedOrder = p;
            cachedEpoch = epoch;
        }
        return cachedOrder;
    }

    /** Stops the background threads; pending batches are dropped. */
    @Override
    public void close() {
        closed = true;
        for (Future<Batch> f : ahead) {
            f.cancel(true);
        }
        ahead.clear();
        pool.shutdownNow();
    }
}
