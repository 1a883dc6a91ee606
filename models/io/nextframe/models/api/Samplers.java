package io.nextframe.models.api;

import io.nextframe.core.Backend;
import io.nextframe.core.io.ModelFormatException;

import java.io.IOException;
import java.nio.file.Path;

/** Opens a {@link Sampler} from a model file or a built-in name, dispatching on the file's {@code model} key. */
public final class Samplers {
    private Samplers() {
    }

    public static Sampler open(String nameOrFile, Backend backend) throws IOException {
        return load(Predictors.resolve(nameOrFile), backend);
    }

    public static Sampler load(Path file, Backend backend) throws IOException {
        String kind = Predictors.kindOf(file);
        if (kind.equals("lapgan")) {
            return ModelLoading.guarded(file, kind, backend, () -> LapganSampler.load(file, backend));
        }
        if (kind.equals("videogan-1s") || kind.equals("videogan-2s")) {
            return ModelLoading.guarded(file, kind, backend, () -> VideoGanSampler.load(file, backend));
        }
        throw new ModelFormatException(file, "holds model '" + kind + "', which is not a generator "
                + "that samples without input (those are: lapgan, videogan-1s, videogan-2s); for frame "
                + "prediction use nextframe predict");
    }
}
