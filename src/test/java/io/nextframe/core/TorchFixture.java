package io.nextframe.core;

import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One PyTorch fixture (written by scripts/make_torch_fixtures.py): named float32 tensors and the op's parameters
 * from {@code __metadata__}. Tensors are uploaded to the backend under test on request; outputs are compared with
 * {@link #check}, which collects every mismatch so a failure reports all of them at once.
 */
final class TorchFixture implements AutoCloseable {
    /** |actual − expected| ≤ ATOL + RTOL·|expected|. */
    static final double ATOL = 1e-4, RTOL = 1e-4;

    private final String name;
    private final SafeTensorsFile file;
    private final Backend backend;
    private final List<String> failures = new ArrayList<>();
    private int checked;

    TorchFixture(Path path, Backend backend) throws IOException {
        this.name = path.getFileName().toString();
        this.file = SafeTensors.read(path);
        this.backend = backend;
    }

    Backend backend() {
        return backend;
    }

    Map<String, String> meta() {
        return file.metadata();
    }

    String meta(String key) {
        String v = file.metadata().get(key);
        if (v == null) {
            throw new IllegalStateException(name + ": metadata has no \"" + key + "\"");
        }
        return v;
    }

    int[] ints(String key) {
        return Arrays.stream(meta(key).split(",")).mapToInt(s -> Integer.parseInt(s.trim())).toArray();
    }

    int integer(String key) {
        return Integer.parseInt(meta(key));
    }

    float number(String key) {
        return Float.parseFloat(meta(key));
    }

    boolean flag(String key) {
        return Boolean.parseBoolean(meta(key));
    }

    boolean has(String tensor) {
        return file.contains(tensor);
    }

    Shape shape(String tensor) {
        return Shape.of(file.shape(tensor));
    }

    /** The fixture tensor on the backend under test (closed by the caller's scope). */
    Tensor in(String tensor) {
        try {
            return file.tensor(tensor, backend);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A zero tensor shaped like the fixture tensor, for an op to write into. */
    Tensor zerosLike(String tensor) {
        return backend.zeros(shape(tensor));
    }

    /** Compares {@code actual} with the fixture's {@code expected} (same element count; shapes may differ by 1s). */
    void check(String expected, Tensor actual) {
        float[] want;
        try {
            want = file.floats(expected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        float[] got = actual.toFloatArray();
        checked++;
        if (got.length != want.length) {
            failures.add(expected + ": " + got.length + " values " + actual.shape() + ", expected " + want.length
                    + " " + Arrays.toString(file.shape(expected)));
            return;
        }
        int worst = -1, bad = 0;
        double worstExcess = 0;
        for (int i = 0; i < want.length; i++) {
            double err = Math.abs((double) got[i] - want[i]);
            double allowed = ATOL + RTOL * Math.abs(want[i]);
            if (!(err <= allowed)) { // NaN counts as a mismatch
                bad++;
                double excess = Double.isNaN(err) ? Double.POSITIVE_INFINITY : err / allowed;
                if (worst < 0 || excess > worstExcess) {
                    worst = i;
                    worstExcess = excess;
                }
            }
        }
        if (bad > 0) {
            failures.add(String.format("%s: %d of %d values differ; worst at flat index %d: got %s, PyTorch %s",
                    expected, bad, want.length, worst, got[worst], want[worst]));
        }
    }

    /** Throws one AssertionError listing every mismatch; also fails if nothing was compared. */
    void assertAllMatched() {
        if (checked == 0) {
            failures.add("no output was compared");
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(name + " on " + backend.name() + " (tolerance " + ATOL + " + " + RTOL
                    + "·|expected|):\n  " + String.join("\n  ", failures));
        }
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
