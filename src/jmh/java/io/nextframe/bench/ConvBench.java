package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.ops.ConvSpec;
import io.nextframe.simd.MemoryOnlyBackend;
import io.nextframe.simd.SimdConv;
import io.nextframe.simd.SimdGemm;
import io.nextframe.simd.WorkerPool;
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

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The simd convolutions on the layers the seed models run, batch 16, time per op in milliseconds; each layer's own
 * forward pass, backward-data pass (its input gradient) and backward-weight pass (weight and bias gradients).
 * <b>FLOPs per op = 2 · N · Cout · (Cin / groups) · kVol · outVol</b> of the underlying convolution (x → y with
 * Cin → Cout), the same for all three passes, where kVol is the kernel volume and outVol the convolution's output
 * positions; GFLOP/s = FLOPs / (ms per op · 10⁶). {@link #flops()} prints it per shape.
 * <ul>
 *   <li>{@code enc*}: the DCGAN-64 encoder, conv 4×4 stride 2 padding 1 (1→64 @64², 64→128 @32², 128→256 @16²,
 *       256→512 @8²) and 512→128 4×4 valid @4².</li>
 *   <li>{@code dec*}: the DCGAN-64 decoder, the transposed versions (128→512 4×4 from 1×1, then 4×4 stride 2
 *       padding 1 512→256 @4², 256→128 @8², 128→64 @16², 64→1 @32²). A transposed layer's forward is the
 *       convolution's backward-data and its backward-data is the convolution's forward.</li>
 *   <li>{@code dfn*}: DFN 3×3 'same' convolutions C→C at 32×32 and 64×64.</li>
 * </ul>
 * Run: {@code ./nextframe jmh -f 1 -wi 2 -i 3 ConvBench} (add {@code -p threads=2} for one pool size).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
@State(Scope.Benchmark)
public class ConvBench {
    static final int BATCH = 16;

    @Param({"enc1_1to64@64", "enc2_64to128@32", "enc3_128to256@16", "enc4_256to512@8", "enc5_512to128@4valid",
            "dec1_128to512@1", "dec2_512to256@4", "dec3_256to128@8", "dec4_128to64@16", "dec5_64to1@32",
            "dfn32@32", "dfn64@32", "dfn128@32", "dfn32@64", "dfn64@64", "dfn128@64"})
    public String layer;

    @Param({"1", "2"})
    public int threads;

    /** The underlying convolution: x (N,cin,in,in) → y (N,cout,out,out), kernel k, stride, padding. */
    record Geometry(int cin, int cout, int in, int k, int stride, int pad, boolean transposed) {
        int out() {
            return (in + 2 * pad - k) / stride + 1;
        }

        double flops() {
            return 2.0 * BATCH * cout * cin * k * k * out() * out();
        }
    }

    static Geometry geometry(String layer) {
        return switch (layer) {
            case "enc1_1to64@64" -> new Geometry(1, 64, 64, 4, 2, 1, false);
            case "enc2_64to128@32" -> new Geometry(64, 128, 32, 4, 2, 1, false);
            case "enc3_128to256@16" -> new Geometry(128, 256, 16, 4, 2, 1, false);
            case "enc4_256to512@8" -> new Geometry(256, 512, 8, 4, 2, 1, false);
            case "enc5_512to128@4valid" -> new Geometry(512, 128, 4, 4, 1, 0, false);
            // a transposed layer A→B is the adjoint of the convolution B→A
            case "dec1_128to512@1" -> new Geometry(512, 128, 4, 4, 1, 0, true);
            case "dec2_512to256@4" -> new Geometry(256, 512, 8, 4, 2, 1, true);
            case "dec3_256to128@8" -> new Geometry(128, 256, 16, 4, 2, 1, true);
            case "dec4_128to64@16" -> new Geometry(64, 128, 32, 4, 2, 1, true);
            case "dec5_64to1@32" -> new Geometry(1, 64, 64, 4, 2, 1, true);
            case "dfn32@32" -> new Geometry(32, 32, 32, 3, 1, 1, false);
            case "dfn64@32" -> new Geometry(64, 64, 32, 3, 1, 1, false);
            case "dfn128@32" -> new Geometry(128, 128, 32, 3, 1, 1, false);
            case "dfn32@64" -> new Geometry(32, 32, 64, 3, 1, 1, false);
            case "dfn64@64" -> new Geometry(64, 64, 64, 3, 1, 1, false);
            case "dfn128@64" -> new Geometry(128, 128, 64, 3, 1, 1, false);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
    }

    Geometry g;
    ConvSpec spec;
    Backend memory;
    WorkerPool pool;
    SimdConv conv;
    Tensor x;
    Tensor w;
    Tensor bias;
    Tensor y;
    Tensor dx;
    Tensor dy;
    Tensor dw;
    Tensor dbias;

    @Setup(Level.Trial)
    public void setUp() {
        g = geometry(layer);
        spec = ConvSpec.of(2, g.stride(), g.pad());
        memory = MemoryOnlyBackend.open();
        pool = new WorkerPool(threads);
        conv = new SimdConv(pool, new SimdGemm(pool));
        Random rnd = new Random(7);
        x = MemoryOnlyBackend.random(memory, rnd, BATCH, g.cin(), g.in(), g.in());
        dx = memory.zeros(Shape.of(BATCH, g.cin(), g.in(), g.in()));
        w = MemoryOnlyBackend.random(memory, rnd, g.cout(), g.cin(), g.k(), g.k());
        dw = memory.zeros(Shape.of(g.cout(), g.cin(), g.k(), g.k()));
        bias = MemoryOnlyBackend.random(memory, rnd, g.cout());
        dbias = memory.zeros(g.cout());
        y = memory.zeros(Shape.of(BATCH, g.cout(), g.out(), g.out()));
        dy = MemoryOnlyBackend.random(memory, rnd, BATCH, g.cout(), g.out(), g.out());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (Tensor t : new Tensor[] {x, dx, w, dw, bias, dbias, y, dy}) {
            t.close();
        }
        pool.close();
    }

    /** The layer's forward pass (for a transposed layer: the convolution's backward-data, no bias). */
    @Benchmark
    public Tensor forward() {
        if (g.transposed()) {
            conv.backwardData(spec, dy, w, dx);
            return dx;
        }
        conv.forward(spec, x, w, bias, y);
        return y;
    }

    /** The gradient of the layer's input (for a transposed layer: the convolution's forward). */
    @Benchmark
    public Tensor backwardData() {
        if (g.transposed()) {
            conv.forward(spec, x, w, null, y);
            return y;
        }
        conv.backwardData(spec, dy, w, dx);
        return dx;
    }

    /** The weight gradient (and the bias gradient of a forward convolution). */
    @Benchmark
    public Tensor backwardWeight() {
        conv.backwardWeight(spec, x, dy, dw, g.transposed() ? null : dbias);
        return dw;
    }

    /** Prints FLOPs per op of every layer (for turning ms/op into GFLOP/s). */
    public static void flops() {
        for (String l : layers()) {
            System.out.printf("%-22s %.3e FLOP per op%n", l, geometry(l).flops());
        }
    }

    static String[] layers() {
        try {
            return ConvBench.class.getField("layer").getAnnotation(Param.class).value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void main(String[] args) {
        flops();
    }
}
