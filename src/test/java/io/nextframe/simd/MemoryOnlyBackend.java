package io.nextframe.simd;

import io.nextframe.core.Backend;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.core.cpu.CpuMemory;
import io.nextframe.core.spi.Kernels;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Proxy;
import java.util.Random;

/**
 * A {@link Backend} whose kernels only allocate, write and read native CPU memory — enough to make the contiguous
 * F32 {@link Tensor}s that {@link SimdGemm} and {@link SimdConv} take, without depending on another backend.
 * Any other op is a test bug and fails loudly.
 */
public final class MemoryOnlyBackend {
    private MemoryOnlyBackend() {
    }

    public static Backend open() {
        CpuMemory memory = new CpuMemory(256L << 20);
        Kernels k = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "name" -> "memory-only";
                    case "description" -> "native CPU memory for simd kernel tests";
                    case "supports" -> args[0] == DType.F32;
                    case "allocate" -> memory.allocate((DType) args[0], (Long) args[1]);
                    case "write" -> {
                        MemorySegment seg = ((io.nextframe.core.cpu.CpuStorage) args[0]).segment();
                        MemorySegment.copy(args[2], (Integer) args[3], seg, ValueLayout.JAVA_FLOAT,
                                (Long) args[1] * Float.BYTES, (Integer) args[4]);
                        yield null;
                    }
                    case "read" -> {
                        MemorySegment seg = ((io.nextframe.core.cpu.CpuStorage) args[0]).segment();
                        MemorySegment.copy(seg, ValueLayout.JAVA_FLOAT, (Long) args[1] * Float.BYTES, args[2],
                                (Integer) args[3], (Integer) args[4]);
                        yield null;
                    }
                    case "close", "synchronize" -> null;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "MemoryOnlyKernels";
                    default -> throw new IllegalStateException("the memory-only test backend has no op '"
                            + method.getName() + "'");
                });
        return new Backend(k, "memory-only");
    }

    /** A tensor of uniform values in [-1, 1). */
    public static Tensor random(Backend backend, Random rnd, int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[Math.toIntExact(s.size())];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextFloat() * 2 - 1;
        }
        return backend.fromFloats(s, v);
    }
}
