package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
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
 * The opencl convolutions on layers of the seed models, batch 16 (the same shapes as {@link ConvBench}'s encoder
 * and DFN rows), queue drained each call. FLOPs per op = 2 · N · Cout · Cin · kVol · outVol for all three passes.
 * Run: {@code ./nextframe jmh -f 1 -wi 2 -i 3 OpenClConvBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
@State(Scope.Benchmark)
public class OpenClConvBench {
    static final int BATCH = 16;

    /** name: cin, cout, size, kernel, stride, padding. */
    @Param({"enc1_1to64@64", "enc2_64to128@32", "enc3_128to256@16", "enc4_256to512@8", "dfn64@64"})
    public String layer;

    private Backend backend;
    private ConvSpec spec;
    private Tensor x;
    private Tensor w;
    private Tensor y;
    private Tensor dx;
    private Tensor dw;

    @Setup(Level.Trial)
    public void setUp() {
        int[] g = switch (layer) {
            case "enc1_1to64@64" -> new int[] {1, 64, 64, 4, 2, 1};
            case "enc2_64to128@32" -> new int[] {64, 128, 32, 4, 2, 1};
            case "enc3_128to256@16" -> new int[] {128, 256, 16, 4, 2, 1};
            case "enc4_256to512@8" -> new int[] {256, 512, 8, 4, 2, 1};
            case "dfn64@64" -> new int[] {64, 64, 64, 3, 1, 1};
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
        backend = Backends.open("opencl");
        spec = ConvSpec.of(2, g[4], g[5]);
        x = backend.zeros(BATCH, g[0], g[2], g[2]);
        w = backend.zeros(g[1], g[0], g[3], g[3]);
        backend.fillRandom(Distribution.NORMAL, 1, 0, 0, 0f, 1f, x);
        backend.fillRandom(Distribution.NORMAL, 1, 1, 0, 0f, 0.1f, w);
        Shape ys = Backend.convOutputShape(spec, x.shape(), w.shape());
        y = backend.zeros(ys);
        dx = backend.zerosLike(x);
        dw = backend.zerosLike(w);
        forward();
        backwardData();
        backwardWeight(); // programs built outside the measurement
    }

    @Benchmark
    public Tensor forward() {
        backend.convForward(spec, x, w, null, y);
        backend.synchronize();
        return y;
    }

    @Benchmark
    public Tensor backwardData() {
        backend.convBackwardData(spec, y, w, dx);
        backend.synchronize();
        return dx;
    }

    @Benchmark
    public Tensor backwardWeight() {
        backend.convBackwardWeight(spec, x, y, dw, null);
        backend.synchronize();
        return dw;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : new Tensor[] {x, w, y, dx, dw}) {
            t.close();
        }
        backend.close();
    }
}
