package io.nextframe.models.svg.analysis;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.io.HostTensor;
import io.nextframe.layers.optim.Adam;
import io.nextframe.models.svg.SvgFiles;
import io.nextframe.models.svg.SvgKind;
import io.nextframe.models.svg.SvgModel;
import io.nextframe.models.train.CheckpointStore;
import io.nextframe.models.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Loading what the analyses run on: a training checkpoint (step kept, optimizer state dropped) or a model file. */
class SvgAnalysesTest {
    private final Backend be = Backends.get("reference");

    @Test
    void loadsACheckpointWithItsStepAndAModelFile(@TempDir Path dir) throws Exception {
        try (SvgModel model = new SvgModel(be, PriorSigmaTest.tiny(SvgKind.LP), 4);
             Adam adam = new Adam(model.trainableParameters(), 0.002)) {
            var config = model.config();
            new CheckpointStore(dir).save(model, adam, config.kind().id(), config.metadata(),
                    new TrainingState(1234, 1, Map.of(), Map.of()));
            SvgFiles.save(model, dir.resolve("model.safetensors"));
            Map<String, HostTensor> expected = model.hostStateDict();
            for (String file : new String[] {CheckpointStore.FILE, "model.safetensors"}) {
                SvgAnalyses.Loaded l = SvgAnalyses.load(dir.resolve(file), be);
                try (SvgModel loaded = l.model()) {
                    assertEquals(file.equals(CheckpointStore.FILE) ? 1234 : -1, l.step(), file);
                    assertEquals(config, loaded.config());
                    Map<String, HostTensor> got = loaded.hostStateDict();
                    assertEquals(expected.keySet(), got.keySet());
                    expected.forEach((k, v) -> assertArrayEquals(v.data(), got.get(k).data(), k));
                }
            }
        }
    }
}
