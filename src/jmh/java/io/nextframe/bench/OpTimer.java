package io.nextframe.bench;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Tensor;
import io.nextframe.core.spi.Kernels;
import com.sun.management.OperatingSystemMXBean;

import java.lang.management.ManagementFactory;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A backend whose kernels are timed call by call (wall time on the calling thread, workers included), keyed by the
 * SPI method and the shapes of its tensor arguments: where a whole-model step spends its time, op by op. Profiling
 * aid for {@link ModelWorkloads}: {@code -Dnextframe.opTimer=true} there wraps the chosen backend.
 */
final class OpTimer implements InvocationHandler {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Kernels inner;
    private final Map<String, LongAdder[]> stats = new ConcurrentHashMap<>();
    private volatile boolean on;

    private OpTimer(Kernels inner) {
        this.inner = inner;
    }

    static OpTimer wrap(String backend) {
        return new OpTimer(Backends.open(backend).kernels());
    }

    Backend backend() {
        Kernels k = (Kernels) Proxy.newProxyInstance(Kernels.class.getClassLoader(), new Class<?>[] {Kernels.class},
                this);
        return new Backend(k, inner.name());
    }

    void start() {
        stats.clear();
        on = true;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        long t0 = on ? System.nanoTime() : 0, c0 = on ? OS.getProcessCpuTime() : 0;
        try {
            return method.invoke(inner, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            if (on) {
                long dt = System.nanoTime() - t0, dc = OS.getProcessCpuTime() - c0;
                LongAdder[] s = stats.computeIfAbsent(key(method, args), k -> new LongAdder[] {new LongAdder(),
                        new LongAdder(), new LongAdder()});
                s[0].add(dt);
                s[1].increment();
                s[2].add(dc);
            }
        }
    }

    private static String key(Method m, Object[] args) {
        StringBuilder b = new StringBuilder(m.getName());
        if (args != null) {
            for (Object a : args) {
                if (a instanceof Tensor t) {
                    b.append(' ').append(t.shape());
                } else if (a instanceof Enum<?> e) {
                    b.append(' ').append(e.name());
                } else if (a instanceof List<?> l) {
                    b.append(" [").append(l.size()).append(']');
                } else if (a == null) {
                    b.append(" -");
                }
            }
        }
        return b.toString();
    }

    /**
     * The op kinds (method names) and the top individual keys by total process CPU time (steadier than wall time
     * under a concurrent load), with wall time beside it.
     */
    void report(int top) {
        on = false;
        long total = stats.values().stream().mapToLong(s -> s[2].sum()).sum();
        long wall = stats.values().stream().mapToLong(s -> s[0].sum()).sum();
        Map<String, long[]> byOp = new ConcurrentHashMap<>();
        stats.forEach((k, s) -> {
            long[] v = byOp.computeIfAbsent(k.split(" ")[0], x -> new long[3]);
            v[0] += s[0].sum();
            v[1] += s[1].sum();
            v[2] += s[2].sum();
        });
        System.out.printf(Locale.ROOT, "kernel CPU time %.3f s (wall %.3f s)%n", total / 1e9, wall / 1e9);
        byOp.entrySet().stream().sorted(Comparator.comparingLong(e -> -e.getValue()[2])).forEach(e ->
                System.out.printf(Locale.ROOT, "  %5.1f%% %8.1f ms CPU %8.1f ms wall %6d calls  %s%n",
                        100.0 * e.getValue()[2] / total, e.getValue()[2] / 1e6, e.getValue()[0] / 1e6,
                        e.getValue()[1], e.getKey()));
        List<Map.Entry<String, LongAdder[]>> keys = new ArrayList<>(stats.entrySet());
        keys.sort(Comparator.comparingLong(e -> -e.getValue()[2].sum()));
        for (Map.Entry<String, LongAdder[]> e : keys.subList(0, Math.min(top, keys.size()))) {
            long c = e.getValue()[2].sum(), t = e.getValue()[0].sum(), n = e.getValue()[1].sum();
            System.out.printf(Locale.ROOT, "  %5.1f%% %8.1f ms CPU %6d × %7.3f ms CPU, %7.3f ms wall  %s%n",
                    100.0 * c / total, c / 1e6, n, c / 1e6 / n, t / 1e6 / n, e.getKey());
        }
    }
}
