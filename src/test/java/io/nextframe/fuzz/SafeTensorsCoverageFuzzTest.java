package io.nextframe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.core.io.SafeTensors;
import io.nextframe.core.io.SafeTensorsFile;

import java.io.IOException;

/**
 * Coverage-guided fuzzing of the safetensors reader (header, offsets, every dtype's conversion). The default run
 * replays {@code SafeTensorsCoverageFuzzTestInputs/} (seeds and former crashers); {@code JAZZER_FUZZ=1} fuzzes
 * (docs/RELIABILITY.md).
 */
class SafeTensorsCoverageFuzzTest {
    @FuzzTest(maxDuration = "60s")
    void readEveryTensor(byte[] data) throws IOException {
        FuzzProperty.loadsOrRaises(data, "safetensors", ModelFormatException.class, file -> {
            try (SafeTensorsFile f = SafeTensors.read(file)) {
                f.metadata();
                for (String name : f.names()) {
                    float[] v = f.floats(name);
                    if (v.length != f.entry(name).elements()) {
                        throw new AssertionError(name + ": " + v.length + " values for " + f.entry(name));
                    }
                    f.doubles(name);
                }
            }
        });
    }
}
