package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.F;
import io.nextframe.core.autograd.Grad;
import io.nextframe.core.autograd.Var;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.core.ops.Distribution;
import io.nextframe.layers.LstmStack;
import io.nextframe.layers.Rng;
import io.nextframe.models.dfn.DfnConfig;
import io.nextframe.models.dfn.DfnNetwork;
import io.nextframe.models.dfn.DfnUnroll;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The nextframe half of {@code scripts/compare-pytorch.sh}: the rows of {@code scripts/side_by_side.py} — same names,
 * same shapes, same work — each run {@code --warmup} times untimed (models once), then {@code --reps} times timed.
 * Op rows warm up for at least 2 s (the JIT compiles the kernels meanwhile). Output, one line per row: {@code row<TAB>median s<TAB>min<TAB>max<TAB>peak RSS MiB of this process so far}.
 * Rows: SGEMM n³; a convolution (DCGAN-64 encoder {@code enc1…5}, decoder transposed {@code dec1…5}, DFN 3×3 'same'
 * {@code dfnC@S}) forward, or forward + backward through autograd (input, weight and bias gradients); one step of two
 * stacked 256-wide LSTM cells; the SVG-LP rollout (5 → 10 frames) and training step (15 frames) of the full SM-MNIST
 * configuration; the DFN (full {@link DfnConfig#defaults()}) rollout (10 → 10) and training step, batch 16.
 * <pre>
 * java --add-modules jdk.incubator.vector -cp … io.nextframe.bench.SideBySide --threads 2 --rows sgemm --reps 5
 * </pre>
 */
public final class SideBySide {
    /** The underlying convolution x (N, cin, in, in) → y: kernel k, stride, padding; transposed rows run its adjoint. */
    record Geometry(int cin, int cout, int in, int k, int stride, int pad, boolean transposed) {
        int out() {
            return (in + 2 * pad - k) / stride + 1;
        }
    }

    static final Map<String, Geometry> CONVS = new LinkedHashMap<>();

    static {
        CONVS.put("enc1", new Geometry(1, 64, 64, 4, 2, 1, false));
        CONVS.put("enc2", new Geometry(64, 128, 32, 4, 2, 1, false));
        CONVS.put("enc3", new Geometry(128, 256, 16, 4, 2, 1, false));
        CONVS.put("enc4", new Geometry(256, 512, 8, 4, 2, 1, false));
        CONVS.put("enc5", new Geometry(512, 128, 4, 4, 1, 0, false));
        CONVS.put("dec1", new Geometry(512, 128, 4, 4, 1, 0, true));
        CONVS.put("dec2", new Geometry(256, 512, 8, 4, 2, 1, true));
        CONVS.put("dec3", new Geometry(128, 256, 16, 4, 2, 1, true));
        CONVS.put("dec4", new Geometry(64, 128, 32, 4, 2, 1, true));
        CONVS.put("dec5", new Geometry(1, 64, 64, 4, 2, 1, true));
        CONVS.put("dfn32@32", new Geometry(32, 32, 32, 3, 1, 1, false));
        CONVS.put("dfn64@32", new Geometry(64, 64, 32, 3, 1, 1, false));
        CONVS.put("dfn128@32", new Geometry(128, 128, 32, 3, 1, 1, false));
        CONVS.put("dfn32@64", new Geometry(32, 32, 64, 3, 1, 1, false));
        CONVS.put("dfn64@64", new Geometry(64, 64, 64, 3, 1, 1, false));
    }

    private SideBySide() {
    }

    /** Every row, in the order both halves print them. */
    static List<String> rowNames() {
        List<String> rows = new ArrayList<>();
        for (int n : new int[] {256, 512, 1024, 2048}) {
            rows.add("sgemm " + n);
        }
        for (String name : CONVS.keySet()) {
            for (int b : name.startsWith("dfn") ? new int[] {16} : new int[] {1, 16}) {
                rows.add("conv " + name + " b" + b + " fwd");
                rows.add("conv " + name + " b" + b + " fwd+bwd");
            }
        }
        for (int b : new int[] {1, 16}) {
            rows.add("lstm 2x256 b" + b + " fwd");
            rows.add("lstm 2x256 b" + b + " fwd+bwd");
        }
        rows.addAll(List.of("svg-lp rollout b1", "svg-lp rollout b16", "svg-lp train b16", "dfn rollout b16",
                "dfn train b16"));
        return rows;
    }

    private static Tensor randn(Backend be, long seed, float scale, int... dims) {
        Tensor t = be.unscoped(be.zeros(Shape.of(dims)));
        be.fillRandom(Distribution.NORMAL, seed, 0, 0, 0f, scale, t);
        return t;
    }

    static ModelWorkloads.Workload sgemm(Backend be, int n) {
        Tensor a = randn(be, 1, 1f, n, n), b = randn(be, 2, 1f, n, n), c = be.unscoped(be.zeros(Shape.of(n, n)));
        return workload(() -> be.gemm(false, false, 1f, a, b, 0f, c), a, b, c);
    }

    static ModelWorkloads.Workload conv(Backend be, String name, int batch, boolean backward) {
        Geometry g = CONVS.get(name);
        if (g == null) {
            throw new IllegalArgumentException("conv layer '" + name + "': one of " + CONVS.keySet());
        }
        ConvSpec spec = ConvSpec.of(2, g.stride(), g.pad());
        int out = g.out();
        Tensor w = randn(be, 3, 0.05f, g.cout(), g.cin(), g.k(), g.k());
        Tensor x = g.transposed() ? randn(be, 4, 1f, batch, g.cout(), out, out)
                : randn(be, 4, 1f, batch, g.cin(), g.in(), g.in());
        Tensor bias = be.unscoped(be.zeros(Shape.of(g.transposed() ? g.cin() : g.cout())));
        Tensor dy = g.transposed() ? randn(be, 5, 1f, batch, g.cin(), g.in(), g.in())
                : randn(be, 5, 1f, batch, g.cout(), out, out);
        if (!backward) {
            return workload(() -> {
                try (Scope s = be.scope()) {
                    if (g.transposed()) {
                        be.convTranspose(spec, x, w, bias);
                    } else {
                        be.conv(spec, x, w, bias);
                    }
                }
            }, w, x, bias, dy);
        }
        return workload(() -> {
            try (Scope s = be.scope()) {
                Var xv = Var.param(x), wv = Var.param(w), bv = Var.param(bias);
                Var y = g.transposed() ? F.convTranspose(spec, xv, wv, bv) : F.conv(spec, xv, wv, bv);
                y.backward(dy);
                xv.grad().close();
                wv.grad().close();
                bv.grad().close();
            }
        }, w, x, bias, dy);
    }

    static ModelWorkloads.Workload lstm(Backend be, int batch, boolean backward) {
        LstmStack stack = new LstmStack(be, 256, 256, 2, new Rng(1));
        Tensor x = randn(be, 6, 1f, batch, 256);
        return new ModelWorkloads.Workload() {
            public void run() {
                try (Scope s = be.scope(); Grad.Mode mode = backward ? Grad.on() : Grad.off()) {
                    Var in = backward ? Var.param(x) : Var.constant(x);
                    Var h = stack.forward(in, null).getLast().h();
                    if (backward) {
                        F.sum(h).backward();
                        in.grad().close();
                        stack.zeroGrad();
                    }
                }
            }

            public void close() {
                x.close();
                stack.close();
            }
        };
    }

    static ModelWorkloads.Workload dfnRollout(Backend be, int batch) {
        DfnConfig c = DfnConfig.defaults();
        DfnNetwork net = new DfnNetwork(be, c);
        Tensor clips = ModelWorkloads.movingSquares(be, batch, c.sequenceLength(), c.npx());
        return new ModelWorkloads.Workload() {
            public void run() {
                try (Grad.Mode off = Grad.off(); Scope s = be.scope()) {
                    DfnUnroll.rollout(net, Var.constant(clips), c.targetSeqlen());
                }
            }

            public void close() {
                clips.close();
                net.close();
            }
        };
    }

    static ModelWorkloads.Workload open(Backend be, String row) {
        String[] p = row.split(" ");
        return switch (p[0]) {
            case "sgemm" -> sgemm(be, Integer.parseInt(p[1]));
            case "conv" -> conv(be, p[1], Integer.parseInt(p[2].substring(1)), p[3].equals("fwd+bwd"));
            case "lstm" -> lstm(be, Integer.parseInt(p[2].substring(1)), p[3].equals("fwd+bwd"));
            case "svg-lp" -> p[1].equals("rollout")
                    ? ModelWorkloads.svgRollout(be, "full", Integer.parseInt(p[2].substring(1)))
                    : ModelWorkloads.svgTrain(be, "full", Integer.parseInt(p[2].substring(1)));
            case "dfn" -> p[1].equals("rollout") ? dfnRollout(be, Integer.parseInt(p[2].substring(1)))
                    : ModelWorkloads.dfnTrain(be, DfnConfig.defaults(), Integer.parseInt(p[2].substring(1)));
            default -> throw new IllegalArgumentException("unknown row '" + row + "'");
        };
    }

    private static ModelWorkloads.Workload workload(Runnable r, Tensor... owned) {
        return new ModelWorkloads.Workload() {
            public void run() {
                r.run();
            }

            public void close() {
                Arrays.stream(owned).forEach(Tensor::close);
            }
        };
    }

    /** Peak resident set of this process in MiB (VmHWM), or −1 where /proc is not there. */
    static long peakRssMiB() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException e) {
            return -1;
        }
        return -1;
    }

    public static void main(String[] args) {
        int threads = 0, reps = 5, warmup = 2;
        String filter = "", backend = "simd";
        boolean list = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rows" -> filter = args[++i];
                case "--backend" -> backend = args[++i];
                case "--list" -> list = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--threads N --rows FILTER --reps R --warmup W --backend B --list)");
            }
        }
        String f = filter;
        List<String> rows = rowNames().stream().filter(r -> r.contains(f)).toList();
        if (list) {
            rows.forEach(System.out::println);
            return;
        }
        if (threads < 1) {
            throw new IllegalArgumentException("--threads N (≥ 1) is required");
        }
        String name = backend.equals("simd") ? "simd:" + threads : backend;
        try (Backend be = Backends.open(name)) {
            for (String row : rows) {
                try (ModelWorkloads.Workload w = open(be, row)) {
                    boolean model = row.startsWith("svg") || row.startsWith("dfn");
                    // at least --warmup calls and, for op rows, 2 s: C2 compiles the kernels while this runs
                    long warmEnd = System.nanoTime() + (model ? 0 : 2_000_000_000L);
                    for (int i = 0; i < (model ? Math.min(warmup, 1) : warmup) || System.nanoTime() < warmEnd; i++) {
                        w.run();
                    }
                    double[] t = new double[reps];
                    for (int i = 0; i < reps; i++) {
                        long t0 = System.nanoTime();
                        w.run();
                        t[i] = (System.nanoTime() - t0) / 1e9;
                    }
                    double[] sorted = t.clone();
                    Arrays.sort(sorted);
                    double median = reps % 2 == 1 ? sorted[reps / 2] : (sorted[reps / 2 - 1] + sorted[reps / 2]) / 2;
                    System.out.printf(Locale.ROOT, "%s\t%.6f\t%.6f\t%.6f\t%d%n", row, median, sorted[0],
                            sorted[reps - 1], peakRssMiB());
                    System.out.flush();
                }
            }
        }
    }
}
