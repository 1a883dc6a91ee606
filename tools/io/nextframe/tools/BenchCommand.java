package io.nextframe.tools;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.Distribution;
import io.nextframe.core.spi.BackendProvider;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code nextframe bench}: a quick side-by-side of the backends on this machine — SGEMM, one DCGAN-64 convolution
 * and an SVG-LP rollout (random weights), each the median of several timed runs after warm-up. For publishable
 * figures use the JMH suite ({@code ./nextframe jmh}, docs/PERFORMANCE.md); this verb answers "which backend
 * should I use here, and roughly how fast is it" in under a minute.
 */
@Command(name = "bench", description = "Quick benchmark of every backend: SGEMM, a conv layer, an SVG-LP rollout.",
        footer = {"", "Examples:", "  nextframe bench", "  nextframe bench --backend simd --json",
                "  nextframe bench --size 1024 --runs 7"})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--backend", description = "'all' (default) or one backend name")
    String backend = "all";

    @Option(names = "--size", description = "SGEMM n for n×n×n (default ${DEFAULT-VALUE})")
    int size = 512;

    @Option(names = "--runs", description = "timed runs per row, median reported (default ${DEFAULT-VALUE})")
    int runs = 5;

    @Option(names = "--skip-model", description = "leave out the SVG-LP rollout row")
    boolean skipModel;

    @Option(names = "--json", description = "print JSON")
    boolean json;

    @Override
    public Integer call() {
        if (size < 16 || size > 4096 || runs < 1 || runs > 100) {
            throw new UsageException("--size " + size + " must be in 16 … 4096 and --runs " + runs + " in 1 … 100");
        }
        List<String> names = new ArrayList<>();
        for (BackendProvider p : Backends.providers()) {
            if ((backend.equals("all") || backend.equals(p.name())) && p.probe().available()) {
                names.add(p.name());
            }
        }
        if (names.isEmpty()) {
            throw new UsageException("--backend " + backend + ": not available here (see nextframe backends)");
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : names) {
            try (Backend b = Backends.open(name)) {
                boolean slow = name.equals("reference");
                int n = slow ? Math.min(size, 128) : size;
                double gemm = median(() -> gemm(b, n), slow ? 1 : runs);
                rows.add(row(name, "sgemm " + n + "³", gemm, 2.0 * n * n * n));
                int batch = slow ? 1 : 16;
                double conv = median(() -> conv(b, batch), slow ? 1 : runs);
                rows.add(row(name, "conv 64→128 4×4 s2 @32² batch " + batch, conv,
                        2.0 * batch * 128 * 16 * 16 * 64 * 16));
                if (!skipModel && !slow) {
                    SvgConfig c = SvgConfig.defaults(SvgKind.LP);
                    try (SvgModel m = new SvgModel(b, c, 1)) {
                        double t = median(() -> rollout(b, m, 16), Math.min(runs, 3));
                        rows.add(row(name, "svg-lp rollout 5→10 batch 16 (full config)", t, Double.NaN));
                    }
                }
            }
        }
        if (json) {
            System.out.println(JsonOut.write(rows));
        } else {
            System.out.printf("%-10s %-44s %12s %12s%n", "backend", "work", "median ms", "GFLOP/s");
            for (Map<String, Object> r : rows) {
                Object g = r.get("gflops");
                System.out.printf(Locale.ROOT, "%-10s %-44s %12.2f %12s%n", r.get("backend"), r.get("work"),
                        (Double) r.get("median_ms"), g == null ? "" : String.format(Locale.ROOT, "%.1f", (Double) g));
            }
        }
        return 0;
    }

    private static Map<String, Object> row(String backend, String work, double seconds, double flops) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("backend", backend);
        r.put("work", work);
        r.put("median_ms", seconds * 1e3);
        r.put("gflops", Double.isNaN(flops) ? null : flops / seconds / 1e9);
        return r;
    }

    /** One warm-up, then the median of {@code runs} timings, in seconds. */
    private static double median(java.util.function.DoubleSupplier timed, int runs) {
        timed.getAsDouble();
        double[] t = new double[runs];
        for (int i = 0; i < runs; i++) {
            t[i] = timed.getAsDouble();
        }
        Arrays.sort(t);
        return runs % 2 == 1 ? t[runs / 2] : (t[runs / 2 - 1] + t[runs / 2]) / 2;
    }

    private static double gemm(Backend b, int n) {
        try (Scope s = b.scope()) {
            Tensor x = random(b, 1, n, n);
            Tensor y = random(b, 2, n, n);
            Tensor out = b.zeros(Shape.of(n, n));
            b.synchronize();
            long t0 = System.nanoTime();
            b.gemm(false, false, 1f, x, y, 0f, out);
            b.synchronize();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static double conv(Backend b, int batch) {
        try (Scope s = b.scope()) {
            Tensor x = random(b, 3, batch, 64, 32, 32);
            Tensor w = random(b, 4, 128, 64, 4, 4);
            b.synchronize();
            long t0 = System.nanoTime();
            b.conv(ConvSpec.of(2, 2, 1), x, w, null);
            b.synchronize();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static double rollout(Backend b, SvgModel m, int batch) {
        try (Scope s = b.scope()) {
            Tensor ctx = random(b, 5, batch, 5, 1, 64, 64);
            b.synchronize();
            long t0 = System.nanoTime();
            m.predict(ctx, 10, 1, 0, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static Tensor random(Backend b, long stream, int... dims) {
        Tensor t = b.zeros(Shape.of(dims));
        b.fillRandom(Distribution.UNIFORM, 42, stream, 0, 0f, 1f, t);
        return t;
    }
}
