package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The ONNX Runtime pass of {@code scripts/compare-pytorch.sh --onnx}: the SVG-LP frame encoder and decoder (full
 * SM-MNIST configuration, exported by scripts/export_svg_onnx.py) in one engine per process — nextframe (simd
 * backend, the weights of svg-lp.safetensors) or ONNX Runtime (encoder.onnx / decoder.onnx, the same weights) —
 * timed as {@link SideBySide} times its rows: at least {@code --warmup} calls and 2 s untimed, then {@code --reps}
 * timed calls. Output, one line per row: {@code row<TAB>median s<TAB>min<TAB>max<TAB>peak RSS MiB so far}.
 * <p>
 * {@code --check} runs both engines on the same inputs instead (frames for the encoder; nextframe's encoder outputs
 * for both decoders), prints the largest absolute difference per row and exits 1 if one exceeds 1e-4: the timed
 * rows then compare the same computation.
 * <pre>
 * java … io.nextframe.bench.OnnxPeer --dir target/onnx --engine onnxruntime --threads 2 --rows b16 --reps 5
 * java … io.nextframe.bench.OnnxPeer --dir target/onnx --check --threads 2
 * </pre>
 */
public final class OnnxPeer {
    /** Largest absolute difference allowed between the engines' outputs (float32 sums in different orders). */
    static final double TOLERANCE = 1e-4;

    private OnnxPeer() {
    }

    static List<String> rowNames() {
        return List.of("svg-encoder b1", "svg-encoder b16", "svg-decoder b1", "svg-decoder b16");
    }

    /** Frames (B, 1, 64, 64) with uniform values in [0, 1), the same for a batch size on every engine. */
    static SvgHalves.Array frames(int batch) {
        SplittableRandom r = new SplittableRandom(20261123L + batch);
        float[] v = new float[batch * 64 * 64];
        for (int i = 0; i < v.length; i++) {
            v[i] = r.nextFloat();
        }
        return new SvgHalves.Array(v, new int[] {batch, 1, 64, 64});
    }

    static double maxAbsDiff(SvgHalves.Array a, SvgHalves.Array b, String what) {
        if (!Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalStateException(what + ": shapes differ, " + Arrays.toString(a.shape()) + " vs "
                    + Arrays.toString(b.shape()));
        }
        double m = 0;
        for (int i = 0; i < a.data().length; i++) {
            m = Math.max(m, Math.abs((double) a.data()[i] - b.data()[i]));
        }
        return m;
    }

    /** Per row, the largest absolute difference between {@code a}'s and {@code b}'s outputs on the same inputs. */
    static Map<String, Double> agreement(SvgHalves a, SvgHalves b, int... batches) {
        Map<String, Double> diffs = new LinkedHashMap<>();
        for (int batch : batches) {
            SvgHalves.Array x = frames(batch);
            SvgHalves.Array[] ea = a.encode(x), eb = b.encode(x);
            double d = 0;
            for (int i = 0; i < ea.length; i++) {
                d = Math.max(d, maxAbsDiff(ea[i], eb[i], "svg-encoder b" + batch + " output " + i));
            }
            diffs.put("svg-encoder b" + batch, d);
            diffs.put("svg-decoder b" + batch, maxAbsDiff(a.decode(ea), b.decode(ea), "svg-decoder b" + batch));
        }
        return diffs;
    }

    static ModelWorkloads.Workload open(SvgHalves h, String row) {
        String[] p = row.split(" ");
        int batch = Integer.parseInt(p[1].substring(1));
        SvgHalves.Array x = frames(batch);
        return switch (p[0]) {
            case "svg-encoder" -> h.encodeWork(x);
            // the decoder's inputs: this engine's encoding of the same frames (--check shows the engines agree)
            case "svg-decoder" -> h.decodeWork(h.encode(x));
            default -> throw new IllegalArgumentException("unknown row '" + row + "': one of " + rowNames());
        };
    }

    private static boolean check(Path dir, int threads, PrintStream out) {
        boolean ok = true;
        try (Backend be = Backends.open("simd:" + threads);
             SvgHalves nf = new NextframeSvgHalves(be, dir.resolve("svg-lp.safetensors"));
             SvgHalves ort = new OrtSvgHalves(dir, threads)) {
            for (Map.Entry<String, Double> e : agreement(nf, ort, 1, 16).entrySet()) {
                boolean fine = e.getValue() <= TOLERANCE;
                ok &= fine;
                out.printf(Locale.ROOT, "%s\tmax |nextframe - onnxruntime| = %.3g\t%s%n", e.getKey(), e.getValue(),
                        fine ? "ok" : "EXCEEDS " + TOLERANCE);
            }
        }
        return ok;
    }

    public static void main(String[] args) {
        int threads = 0, reps = 5, warmup = 2;
        String filter = "", engine = "nextframe";
        Path dir = Path.of("target", "onnx");
        boolean list = false, check = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--rows" -> filter = args[++i];
                case "--engine" -> engine = args[++i];
                case "--dir" -> dir = Path.of(args[++i]);
                case "--list" -> list = true;
                case "--check" -> check = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--dir D --engine "
                        + "nextframe|onnxruntime --threads N --rows FILTER --reps R --warmup W --list --check)");
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
        if (check) {
            System.exit(check(dir, threads, System.out) ? 0 : 1);
        }
        try (Backend be = engine.equals("nextframe") ? Backends.open("simd:" + threads) : null;
             SvgHalves h = switch (engine) {
                 case "nextframe" -> new NextframeSvgHalves(be, dir.resolve("svg-lp.safetensors"));
                 case "onnxruntime" -> new OrtSvgHalves(dir, threads);
                 default -> throw new IllegalArgumentException("--engine '" + engine
                         + "': nextframe or onnxruntime");
             }) {
            for (String row : rows) {
                try (ModelWorkloads.Workload w = open(h, row)) {
                    long warmEnd = System.nanoTime() + 2_000_000_000L;
                    for (int i = 0; i < warmup || System.nanoTime() < warmEnd; i++) {
                        w.run();
                    }
                    double[] t = new double[reps];
                    for (int i = 0; i < reps; i++) {
                        long t0 = System.nanoTime();
                        w.run();
                        t[i] = (System.nanoTime() - t0) / 1e9;
                    }
                    Arrays.sort(t);
                    double median = reps % 2 == 1 ? t[reps / 2] : (t[reps / 2 - 1] + t[reps / 2]) / 2;
                    System.out.printf(Locale.ROOT, "%s\t%.6f\t%.6f\t%.6f\t%d%n", row, median, t[0], t[reps - 1],
                            SideBySide.peakRssMiB());
                    System.out.flush();
                }
            }
        }
    }
}
