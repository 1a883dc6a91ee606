package io.nextframe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;

import java.io.IOException;

/**
 * Coverage-guided fuzzing of model loading: {@link Predictors#open} on a fuzzed model file, seeded with tiny valid
 * files of each predicting family (written by {@link FuzzSeeds}), so the fuzzer mostly varies the
 * {@code __metadata__} → config parsing and the config ↔ tensor-shape checks. A file is data only: the property is
 * that it loads or raises {@link ModelFormatException}; a config that asks for more memory than the file's weights
 * can justify must be refused, not allocated (the backend's memory budget, {@code nextframe.memory.budget}, is
 * the last line of defence).
 */
class ModelMetadataCoverageFuzzTest {
    private static final Backend B = Backends.get("reference");

    @FuzzTest(maxDuration = "60s")
    void open(byte[] data) throws IOException {
        FuzzProperty.loadsOrRaises(data, "safetensors", ModelFormatException.class, file -> {
            try (Predictor p = Predictors.open(file.toString(), B)) {
                p.toString();
            }
        });
    }
}
