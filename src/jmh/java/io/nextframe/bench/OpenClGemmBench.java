package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.Distribution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
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
 * SGEMM C = A·B (n×n, float32) on the opencl backend, queue drained each call so the time is the kernels' own.
 * GFLOP/s = 2n³ / time. Run: {@code java -cp <test class path> org.openjdk.jmh.Main OpenClGemmBench}
 * (with POCL_SIGFPE_HANDLER=0 and {@code --enable-native-access=ALL-UNNAMED}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules", "jdk.incubator.vector"})
public class OpenClGemmBench {
    @Param({"256", "512", "1024"})
    public int n;

    private Backend backend;
    private Tensor a;
    private Tensor b;
    private Tensor c;

    @Setup(Level.Trial)
    public void setUp() {
        backend = Backends.open("opencl");
        a = backend.zeros(n, n);
        b = backend.zeros(n, n);
        c = backend.zeros(n, n);
        backend.fillRandom(Distribution.UNIFORM, 1, 0, 0, -1f, 1f, a);
        backend.fillRandom(Distribution.UNIFORM, 1, 1, 0, -1f, 1f, b);
        backend.gemm(false, false, 1f, a, b, 0f, c); // builds the programs outside the measurement
        backend.synchronize();
    }

    @Benchmark
    public Tensor sgemm() {
        backend.gemm(false, false, 1f, a, b, 0f, c);
        backend.synchronize();
        return c;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        a.close();
        b.close();
        c.close();
        backend.close();
    }
}
