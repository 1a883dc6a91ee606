package io.nextframe.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.io.ModelFormatException;
import io.nextframe.models.api.Predictor;
import io.nextframe.models.api.Predictors;
import io.nextframe.models.api.Sampler;
import io.nextframe.models.api.Samplers;

import java.io.IOException;
import java.util.Set;

/**
 * Coverage-guided fuzzing of model loading: {@link Predictors#load} (or {@link Samplers#load} for generators) on a
 * fuzzed model file, seeded with tiny valid files of the families (written by {@link FuzzSeeds}), so the fuzzer mostly varies the
 * {@code __metadata__} → config parsing and the config ↔ tensor-shape checks. A file is data only: the property is
 * that it loads or raises {@link ModelFormatException}; a config that asks for more memory than the file's weights
 * can justify must be refused, not allocated (the backend's memory budget, {@code nextframe.memory.budget}, is
 * the last line of defence).
 */
class ModelMetadataCoverageFuzzTest {
    private static final Backend B = Backends.get("reference");
    /** Kinds that {@link Samplers} opens (generators without input); every other kind goes to {@link Predictors}. */
    private static final Set<String> SAMPLERS = Set.of("lapgan", "videogan-1s", "videogan-2s");

    @FuzzTest(maxDuration = "60s")
    void open(byte[] data) throws IOException {
        FuzzProperty.loadsOrRaises(data, "safetensors", ModelFormatException.class, file -> {
            if (SAMPLERS.contains(Predictors.kindOf(file))) {
                try (Sampler s = Samplers.load(file, B)) {
                    s.toString();
                }
            } else {
                try (Predictor p = Predictors.load(file, B, Predictors.OpenOptions.defaults())) {
                    p.toString();
                }
            }
        });
    }
}
