package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * Whole-model SVG-LP on the simd backend (the issue "Beat PyTorch on the CPU"): a rollout of 10 predicted frames
 * after 5 context frames, and one training step on 15 frames (forward with teacher forcing, backward, Adam), for
 * the full SM-MNIST config (nf 64, g 128, rnn 256, z 10) and the reduced one (nf 16, g 64, rnn 128). Seconds per
 * call; the PyTorch anchor of the full rollout at batch 16 is 1.08 s on the 2-core machine.
 * Run: {@code ./nextframe jmh -f 1 -wi 1 -i 3 SvgModelBench} (add {@code -prof stack} for where the time goes;
 * {@link ModelWorkloads#main} runs the same work under JFR).
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class SvgModelBench {

    @Param({"full", "reduced"})
    public String config;

    @Param({"1", "16"})
    public int batch;

    private Backend backend;
    private ModelWorkloads.Workload rollout;
    private ModelWorkloads.Workload train;

    @Setup
    public void setUp() {
        backend = Backends.get("simd");
        rollout = ModelWorkloads.svgRollout(backend, config, batch);
        train = ModelWorkloads.svgTrain(backend, config, batch);
    }

    @TearDown
    public void tearDown() {
        rollout.close();
        train.close();
    }

    @Benchmark
    public void rollout() {
        rollout.run();
    }

    @Benchmark
    public void trainStep() {
        train.run();
    }
}
