package io.nextframe.reliability;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictionSession;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The inference half of scripts/soak.sh: one loaded model, {@code threads} threads each streaming clips through
 * its own sessions for {@code seconds}, and every {@code every} seconds a CSV row of throughput and memory — the
 * backend's counters (live tensors and bytes, native segments, cl_mem objects), the JVM heap and the process RSS.
 * Any prediction error stops the run with exit status 1 (after writing it to the CSV's last line).
 *
 * <p>{@code java … io.nextframe.reliability.InferenceSoak MODEL BACKEND THREADS SECONDS EVERY OUT.csv}
 */
public final class InferenceSoak {
    private InferenceSoak() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println("usage: InferenceSoak MODEL BACKEND THREADS SECONDS EVERY OUT.csv");
            System.exit(2);
        }
        String model = args[0];
        Backend b = Backends.get(args[1]);
        int threads = Integer.parseInt(args[2]);
        long seconds = Long.parseLong(args[3]);
        long every = Long.parseLong(args[4]);
        Path out = Path.of(args[5]);
        AtomicLong predictions = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> error = new AtomicReference<>();
        try (Predictor p = Predictors.open(model, b); PrintWriter csv = new PrintWriter(Files.newBufferedWriter(out))) {
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                workers.add(Thread.ofPlatform().name("soak-" + t).start(() -> {
                    try {
                        work(p, id, predictions, stop);
                    } catch (Throwable e) {
                        error.compareAndSet(null, e);
                        stop.set(true);
                    }
                }));
            }
            long t0 = System.nanoTime();
            long last = 0;
            long lastCount = 0;
            boolean header = true;
            while (!stop.get()) {
                Thread.sleep(200);
                long elapsed = (System.nanoTime() - t0) / 1_000_000_000L;
                if (elapsed >= seconds) {
                    stop.set(true);
                }
                if (elapsed - last >= every || stop.get()) {
                    long n = predictions.get();
                    Map<String, Long> c = b.memoryCounters();
                    if (header) {
                        csv.println("seconds,threads,predictions,predictions_per_s," + String.join(",", c.keySet())
                                + ",heap_used_bytes,rss_bytes");
                        header = false;
                    }
                    double rate = (n - lastCount) / (double) Math.max(1, elapsed - last);
                    Runtime rt = Runtime.getRuntime();
                    csv.printf("%d,%d,%d,%.1f,%s,%d,%d%n", elapsed, threads, n, rate,
                            String.join(",", c.values().stream().map(String::valueOf).toList()),
                            rt.totalMemory() - rt.freeMemory(), rss());
                    csv.flush();
                    last = elapsed;
                    lastCount = n;
                }
            }
            for (Thread w : workers) {
                w.join();
            }
            if (error.get() != null) {
                csv.println("# error: " + error.get());
                csv.flush();
                error.get().printStackTrace();
                System.exit(1);
            }
            System.out.printf("soak: %d predictions on %d threads in %d s, no errors%n", predictions.get(), threads,
                    seconds);
        }
    }

    /** Sessions of 8 frames, each frame observed then 2 frames predicted once the context is full. */
    private static void work(Predictor p, int id, AtomicLong predictions, AtomicBoolean stop) {
        float[] frame = new float[p.channels() * p.height() * p.width()];
        long clip = id * 1_000_000_007L;
        while (!stop.get()) {
            try (PredictionSession s = p.openSession(1, clip++, Latent.SAMPLE)) {
                for (int f = 0; f < 8 && !stop.get(); f++) {
                    for (int k = 0; k < frame.length; k++) {
                        frame[k] = (float) (((k * 31 + f * 7 + clip) & 255) / 255.0);
                    }
                    s.observe(frame);
                    if (s.observed() >= p.minPast()) {
                        s.predict(2);
                        predictions.incrementAndGet();
                    }
                }
            }
        }
    }

    /** Resident set size from /proc (Linux), else −1. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
