package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Scope;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.autograd.Var;
import io.nextframe.layers.optim.Adam;
import io.nextframe.models.dfn.DfnConfig;
import io.nextframe.models.dfn.DfnNetwork;
import io.nextframe.models.dfn.DfnUnroll;
import io.nextframe.models.svg.SvgConfig;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;
import io.nextframe.models.svg.SvgTrainer;

import java.util.Locale;

/**
 * The whole-model workloads of the performance issue, shared by {@link SvgModelBench}, {@link DfnModelBench} and a
 * plain {@link #main} for profiling with JFR (JMH forks make that awkward): SVG-LP rollouts (5 context → 10
 * predicted frames) and training steps (15 frames), and DFN training steps, on synthetic moving-square clips.
 * <pre>
 * java --add-modules jdk.incubator.vector -XX:StartFlightRecording=filename=svg.jfr \
 *      -cp … io.nextframe.bench.ModelWorkloads svg-rollout full 16 5
 * </pre>
 * Arguments: workload ({@code svg-rollout}, {@code svg-train}, {@code dfn-train}), config ({@code full},
 * {@code reduced}), batch, repetitions (after one warm-up call), optional backend (default {@code simd}).
 */
public final class ModelWorkloads {

    private ModelWorkloads() {
    }

    /** One repeatable unit of work on a backend; close releases the model. */
    public interface Workload extends AutoCloseable {
        void run();

        @Override
        void close();
    }

    /** The full SM-MNIST SVG-LP config (nf 64, g 128, rnn 256, z 10) or the reduced one (nf 16, g 64, rnn 128). */
    public static SvgConfig svgConfig(String which) {
        SvgConfig full = SvgConfig.defaults(SvgKind.LP);
        return switch (which) {
            case "full" -> full;
            case "reduced" -> full.withSizes(64, 10, 128, 16);
            default -> throw new IllegalArgumentException("SVG config '" + which + "': full or reduced");
        };
    }

    /** Squares of 12×12 pixels moving 4 pixels per frame, (batch, frames, 1, 64, 64). */
    static Tensor movingSquares(Backend be, int batch, int frames, int side) {
        float[] v = new float[batch * frames * side * side];
        int sq = Math.max(2, side / 5);
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < frames; t++) {
                int y0 = (8 + 3 * b + 4 * t) % (side - sq), x0 = (10 + 5 * b + 4 * t) % (side - sq);
                for (int y = y0; y < y0 + sq; y++) {
                    for (int x = x0; x < x0 + sq; x++) {
                        v[((b * frames + t) * side + y) * side + x] = 1f;
                    }
                }
            }
        }
        return be.unscoped(be.fromFloats(Shape.of(batch, frames, 1, side, side), v));
    }

    /** SVG-LP rollout of 10 frames after 5 context frames, one sample, running BN statistics. */
    public static Workload svgRollout(Backend be, String config, int batch) {
        SvgModel m = new SvgModel(be, svgConfig(config), 1);
        Tensor ctx = movingSquares(be, batch, 5, 64);
        return new Workload() {
            public void run() {
                m.predict(ctx, 10, 1, 1, SvgModel.Latent.SAMPLE, SvgModel.BatchStats.RUNNING);
            }

            public void close() {
                ctx.close();
                m.close();
            }
        };
    }

    /** One SVG-LP training step (Adam per module) on 15 frames (5 + 10). */
    public static Workload svgTrain(Backend be, String config, int batch) {
        SvgModel m = new SvgModel(be, svgConfig(config), 1);
        SvgTrainer t = new SvgTrainer(m, 1);
        Tensor frames = movingSquares(be, batch, 15, 64);
        return new Workload() {
            public void run() {
                t.step(frames);
            }

            public void close() {
                frames.close();
                t.close();
                m.close();
            }
        };
    }

    /** One DFN training step (unrolled BCE loss, backward, Adam) on 20-frame 64×64 clips. */
    public static Workload dfnTrain(Backend be, DfnConfig c, int batch) {
        DfnNetwork net = new DfnNetwork(be, c);
        Adam adam = new Adam(net.trainableParameters(), c.learningRate());
        Tensor clips = movingSquares(be, batch, c.sequenceLength(), c.npx());
        return new Workload() {
            public void run() {
                adam.zeroGrad();
                try (Scope s = be.scope()) {
                    Var loss = DfnUnroll.loss(net, Var.constant(clips));
                    loss.item();
                    loss.backward();
                }
                adam.step();
            }

            public void close() {
                clips.close();
                adam.close();
                net.close();
            }
        };
    }

    public static Workload open(Backend be, String workload, String config, int batch) {
        return switch (workload) {
            case "svg-rollout" -> svgRollout(be, config, batch);
            case "svg-train" -> svgTrain(be, config, batch);
            case "dfn-train" -> dfnTrain(be, config.equals("full") ? DfnConfig.defaults() : DfnConfig.reduced(),
                    batch);
            default -> throw new IllegalArgumentException("workload '" + workload
                    + "': svg-rollout, svg-train or dfn-train");
        };
    }

    public static void main(String[] args) {
        String workload = args[0], config = args[1];
        int batch = Integer.parseInt(args[2]), reps = Integer.parseInt(args[3]);
        String name = args.length > 4 ? args[4] : "simd";
        boolean timed = Boolean.getBoolean("nextframe.opTimer");
        OpTimer timer = timed ? OpTimer.wrap(name) : null;
        Backend be = timed ? timer.backend() : Backends.get(name);
        // the peak of live tensor bytes, sampled (the working set the CPU memory pool must hold to stop allocating)
        java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                peak.accumulateAndGet(be.liveBytes(), Math::max);
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try (Workload w = open(be, workload, config, batch)) {
            long t0 = System.nanoTime();
            w.run();
            System.out.printf(Locale.ROOT, "%s %s batch %d on %s: warm-up %.3f s%n", workload, config, batch,
                    be.description(), (System.nanoTime() - t0) / 1e9);
            System.out.println("measure-start " + java.time.LocalTime.now());
            if (timer != null) {
                timer.start();
            }
            // process CPU time as well as wall time: under a concurrent load the CPU seconds a run consumed are the
            // steadier figure (threads waiting for a core cost wall time but no CPU time)
            com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime(), cpu = os.getProcessCpuTime();
                w.run();
                System.out.printf(Locale.ROOT, "  run %d: %.3f s wall, %.3f s CPU%n", i, (System.nanoTime() - t) / 1e9,
                        (os.getProcessCpuTime() - cpu) / 1e9);
            }
            sampler.interrupt();
            System.out.printf(Locale.ROOT, "  peak live tensors ≈ %.0f MiB%n", peak.get() / 1048576.0);
            if (timer != null) {
                timer.report(40);
            }
        }
    }
}
