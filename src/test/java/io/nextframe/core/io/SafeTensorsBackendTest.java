package io.nextframe.core.io;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.DType;
import io.nextframe.core.Shape;
import io.nextframe.core.Scope;
import io.nextframe.core.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Tensors of a backend go to a file and come back; views are written as their logical (row-major) contents. */
class SafeTensorsBackendTest {
    @TempDir
    Path dir;

    @Test
    void backendTensorsRoundTrip() throws IOException {
        Backend be = Backends.get("reference");
        Path f = dir.resolve("w.safetensors");
        try (Scope scope = be.scope()) {
            Tensor a = be.fromFloats(Shape.of(2, 3), 1, 2, 3, 4, 5, 6);
            Map<String, Tensor> m = new LinkedHashMap<>();
            m.put("a", a);
            m.put("aT", a.permute(1, 0)); // a strided view
            SafeTensors.writeTensors(f, m, Map.of("model", "dfn"), FileDType.F32);
            try (SafeTensorsFile sf = SafeTensors.read(f)) {
                Tensor back = sf.tensor("a", be);
                assertEquals(Shape.of(2, 3), back.shape());
                assertArrayEquals(a.toFloatArray(), back.toFloatArray());
                assertArrayEquals(new float[] {1, 4, 2, 5, 3, 6}, sf.tensor("aT", be).toFloatArray());
            }
        }
    }

    @Test
    void f64DataLoadsExactlyIntoAnF64Tensor() throws IOException {
        Backend be = Backends.get("reference");
        Path f = Path.of("src/test/resources/fixtures/safetensors/python_dtypes.safetensors");
        try (Scope scope = be.scope(); SafeTensorsFile sf = SafeTensors.read(f)) {
            Tensor t = sf.tensor("f64", be, DType.F64);
            assertEquals(DType.F64, t.dtype());
            assertEquals(1.0 / 3.0, t.toDoubleArray()[1], 0.0);
        }
    }

    @Test
    void emptyTensorsCannotBecomeBackendTensors() throws IOException {
        Path f = dir.resolve("e.safetensors");
        SafeTensors.write(f, Map.of("e", new HostTensor(new int[] {0, 2}, new float[0])), null, FileDType.F32);
        try (SafeTensorsFile sf = SafeTensors.read(f)) {
            var e = assertThrows(IllegalArgumentException.class, () -> sf.tensor("e", Backends.get("reference")));
            assertEquals(true, e.getMessage().contains("empty shape"), e.getMessage());
        }
    }
}
