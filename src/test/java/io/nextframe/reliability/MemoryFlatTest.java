package io.nextframe.reliability;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.models.api.Latent;
import io.nextframe.models.api.PredictionSession;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;
import io.nextframe.models.dfn.DfnConfig;
import io.nextframe.models.dfn.DfnModel;
import io.nextframe.models.dfn.DfnNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bounded memory: 1,000 streaming predictions through Predictor sessions leave the backend's memory counters —
 * live tensors and their bytes, the CPU pool's native segments and bytes, OpenCL's cl_mem objects — exactly where
 * they were after a warm-up. (The hour-long version is scripts/soak.sh.)
 */
class MemoryFlatTest {
    private static final int WARM_UP = 50;
    private static final int PREDICTIONS = 1000;

    @TempDir
    static Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"simd", "opencl"}) // reference shares simd's CpuMemory pool
    void countersStayFlatOverAThousandPredictions(String name) throws IOException {
        Backend b;
        try {
            b = Backends.get(name);
        } catch (IllegalStateException e) {
            if ("1".equals(System.getenv("NEXTFRAME_REQUIRE_OPENCL"))) {
                fail(name + " is unavailable: " + e.getMessage());
            }
            Assumptions.abort(name + " is unavailable: " + e.getMessage());
            return;
        }
        Path file = dir.resolve("dfn-" + name + ".safetensors");
        try (DfnModel m = new DfnModel(new DfnNetwork(b, DfnConfig.tiny()))) {
            m.save(file);
        }
        try (Predictor p = Predictors.open(file.toString(), b)) {
            float[] frame = new float[p.channels() * p.height() * p.width()];
            run(p, frame, WARM_UP);
            b.synchronize();
            Map<String, Long> before = b.memoryCounters();
            run(p, frame, PREDICTIONS);
            b.synchronize();
            assertEquals(before, b.memoryCounters(), name + ": memory after " + PREDICTIONS + " predictions");
        }
    }

    /** {@code n} predictions of 2 frames, in sessions of 10 observed frames (a prediction after each, once P are in). */
    private static void run(Predictor p, float[] frame, int n) {
        for (int done = 0; done < n; ) {
            try (PredictionSession s = p.openSession(1, done, Latent.SAMPLE)) {
                for (int i = 0; i < 10 && done < n; i++) {
                    for (int k = 0; k < frame.length; k++) {
                        frame[k] = ((k + done + i) % 7) / 7f;
                    }
                    s.observe(frame);
                    if (s.observed() >= p.minPast()) {
                        s.predict(2);
                        done++;
                    }
                }
            }
        }
    }
}
