package io.nextframe.models.svg.analysis;

import io.nextframe.core.Backend;
import io.nextframe.core.Shape;
import io.nextframe.core.Tensor;
import io.nextframe.data.Clip;
import io.nextframe.data.ClipSource;
import io.nextframe.data.Datasets;
import io.nextframe.data.mmnist.StochasticMovingMnist;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/** The analyses' data: SM-MNIST test-split generators by dataset name, and clips stacked into model input. */
final class Sources {
    private Sources() {
    }

    /** The test split of SM-MNIST dataset {@code name} (smmnist, smmnist-1, …) with clips of {@code frames}. */
    static StochasticMovingMnist smmnist(String name, long seed, int frames) throws IOException {
        ClipSource src = Datasets.open(name, Datasets.Split.TEST, seed, Map.of("frames", Integer.toString(frames)));
        if (!(src instanceof StochasticMovingMnist s)) {
            throw new IllegalArgumentException("SVG analysis: dataset '" + name + "' is not Stochastic Moving MNIST "
                    + "(smmnist, smmnist-1, smmnist-2, smmnist-det…, smmnist-nonuniform…); the analyses need its "
                    + "trajectories");
        }
        return s;
    }

    /** The first {@code frames} frames of each clip as one (B, frames, C, H, W) tensor in the current scope. */
    static Tensor batch(Backend be, List<Clip> clips, int frames) {
        Clip first = clips.getFirst();
        int size = first.frameSize();
        float[] out = new float[clips.size() * frames * size];
        for (int b = 0; b < clips.size(); b++) {
            Clip c = clips.get(b);
            if (c.frames() < frames || c.frameSize() != size) {
                throw new IllegalArgumentException("SVG analysis: clip " + b + " has " + c.frames() + " frames of "
                        + c.frameSize() + " values; " + frames + " of " + size + " needed");
            }
            System.arraycopy(c.data(), 0, out, b * frames * size, frames * size);
        }
        return be.fromFloats(Shape.of(clips.size(), frames, first.channels(), first.height(), first.width()), out);
    }
}
