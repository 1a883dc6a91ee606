package io.nextframe.bench;

import io.nextframe.core.Backends;
import io.nextframe.models.dfn.DfnConfig;
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
 * One DFN training step on the simd backend: 10 input + 10 target 64×64 frames, the unrolled BCE loss, backward,
 * Adam. {@code reduced} is {@link DfnConfig#reduced()} (nf 16, the shipped model's config, batch 8), {@code full}
 * the authors' (nf 32, batch 16). Seconds per step. Run: {@code ./nextframe jmh -f 1 -wi 1 -i 3 DfnModelBench}.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow", "-XX:+UseParallelGC"})
@State(Scope.Benchmark)
public class DfnModelBench {

    @Param({"reduced"})
    public String config;

    private ModelWorkloads.Workload train;

    @Setup
    public void setUp() {
        DfnConfig c = config.equals("full") ? DfnConfig.defaults() : DfnConfig.reduced();
        train = ModelWorkloads.dfnTrain(Backends.get("simd"), c, c.batchSize());
    }

    @TearDown
    public void tearDown() {
        train.close();
    }

    @Benchmark
    public void trainStep() {
        train.run();
    }
}
