package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.simd.MemoryOnlyBackend;
import io.nextframe.simd.SimdGemm;
import io.nextframe.simd.WorkerPool;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
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
 * Square SGEMM C = A·B (n×n times n×n, β = 0), time per op in milliseconds.
 * <b>FLOPs per op = 2·n³</b> (one multiply and one add per term), so GFLOP/s = 2·n³ / (ms per op · 10⁶).
 * Variants: the simd {@link SimdGemm} on a pool of 1 and of 2 threads (n = 256…2048), EJML's
 * {@code CommonOps_FDRM.mult} as the plain-Java baseline (n = 256…2048), and the {@code reference} backend's gemm
 * (n = 256 only: its triple loop is slow by design). The FP32 FMA limit of the 2-core Zen 4 this project measures on
 * is ≈ 117 GFLOP/s per core (notes/toolchain.md).
 * Run: {@code ./nextframe jmh -f 1 -wi 2 -i 3 GemmBench}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED",
        "--sun-misc-unsafe-memory-access=allow"})
public class GemmBench {

    /** The simd and EJML operands at each size. */
    @State(Scope.Benchmark)
    public static class Square {
        @Param({"256", "512", "1024", "2048"})
        public int n;

        Backend memory;
        Tensor a;
        Tensor b;
        Tensor c;
        WorkerPool pool1;
        WorkerPool pool2;
        SimdGemm gemm1;
        SimdGemm gemm2;
        FMatrixRMaj ea;
        FMatrixRMaj eb;
        FMatrixRMaj ec;

        @Setup(Level.Trial)
        public void setUp() {
            Random rnd = new Random(42);
            memory = MemoryOnlyBackend.open();
            a = MemoryOnlyBackend.random(memory, rnd, n, n);
            b = MemoryOnlyBackend.random(memory, rnd, n, n);
            c = memory.zeros(n, n);
            pool1 = new WorkerPool(1);
            pool2 = new WorkerPool(2);
            gemm1 = new SimdGemm(pool1);
            gemm2 = new SimdGemm(pool2);
            ea = new FMatrixRMaj(n, n, true, a.toFloatArray());
            eb = new FMatrixRMaj(n, n, true, b.toFloatArray());
            ec = new FMatrixRMaj(n, n);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
            b.close();
            c.close();
            pool1.close();
            pool2.close();
        }
    }

    /** The reference backend's operands, at 256 only. */
    @State(Scope.Benchmark)
    public static class Reference {
        @Param({"256"})
        public int refN;

        Backend backend;
        Tensor a;
        Tensor b;
        Tensor c;

        @Setup(Level.Trial)
        public void setUp() {
            backend = Backends.open("reference");
            Random rnd = new Random(42);
            float[] va = new float[refN * refN], vb = new float[refN * refN];
            for (int i = 0; i < va.length; i++) {
                va[i] = rnd.nextFloat() * 2 - 1;
                vb[i] = rnd.nextFloat() * 2 - 1;
            }
            a = backend.fromFloats(Shape.of(refN, refN), va);
            b = backend.fromFloats(Shape.of(refN, refN), vb);
            c = backend.zeros(refN, refN);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            a.close();
            b.close();
            c.close();
            backend.close();
        }
    }

    @Benchmark
    public Tensor simd1Thread(Square s) {
        s.gemm1.gemm(false, false, 1f, s.a, s.b, 0f, s.c);
        return s.c;
    }

    @Benchmark
    public Tensor simd2Threads(Square s) {
        s.gemm2.gemm(false, false, 1f, s.a, s.b, 0f, s.c);
        return s.c;
    }

    @Benchmark
    public FMatrixRMaj ejml(Square s) {
        CommonOps_FDRM.mult(s.ea, s.eb, s.ec);
        return s.ec;
    }

    @Benchmark
    public Tensor reference(Reference r) {
        r.backend.kernels().gemm(false, false, 1f, r.a, r.b, 0f, r.c);
        return r.c;
    }
}
