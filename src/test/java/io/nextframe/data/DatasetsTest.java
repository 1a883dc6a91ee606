package io.nextframe.data;

import io.nextframe.core.Backend;
import io.nextframe.core.Backends;
import io.nextframe.core.Tensor;
import io.nextframe.data.media.Npy;
import io.nextframe.data.media.NpyFile;
import io.nextframe.data.media.NpyType;
import io.nextframe.data.pipeline.BatchLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class DatasetsTest {
    @TempDir
    Path dir;

    @Test
    void everyNamedDatasetOpensWithItsShape() throws IOException {
        for (String name : Datasets.names()) {
            ClipSource src = Datasets.open(name, Datasets.Split.TRAIN, 1, name.equals("shapes")
                    ? Map.of("size", "64") : Map.of());
            Clip c = src.clip(0);
            assertEquals(src.frames(), c.frames(), name);
            assertEquals(src.channels(), c.channels(), name);
            assertEquals(64, c.height(), name);
            int expectedChannels = name.equals("drnet-mmnist") || name.equals("shapes") ? 3 : 1;
            assertEquals(expectedChannels, c.channels(), name);
        }
        assertEquals(30, Datasets.open("smmnist-1", Datasets.Split.TRAIN, 1, Map.of("frames", "30")).frames());
        assertThrows(IllegalArgumentException.class, () -> Datasets.open("smmnist-3x", Datasets.Split.TRAIN, 1));
        assertThrows(IllegalArgumentException.class, () -> Datasets.open("cifar", Datasets.Split.TRAIN, 1));
        assertThrows(IllegalArgumentException.class,
                () -> Datasets.open("smmnist", Datasets.Split.TRAIN, 1, Map.of("colour", "red")));
    }

    @Test
    void trainAndTestSplitsDiffer() throws IOException {
        ClipSource train = Datasets.open("smmnist", Datasets.Split.TRAIN, 5);
        ClipSource test = Datasets.open("smmnist", Datasets.Split.TEST, 5);
        assertFalse(Arrays.equals(train.clip(0).data(), test.clip(0).data()));
    }

    @Test
    void aFixedTestSetOnDiskReadsBackAsTheSameClips() throws IOException {
        ClipSource test = Datasets.open("smmnist-2", Datasets.Split.TEST, 1);
        Path f = dir.resolve("smmnist-test.npy");
        Npy.writeClips(f, test, 3, NpyType.UINT8);
        ClipSource back = Datasets.open(f.toString(), Datasets.Split.TEST, 0);
        assertEquals(3, back.size());
        // SM-MNIST values are sums of multiples of 1/255 clipped to 1: exact in uint8
        assertArrayEquals(test.clip(2).data(), back.clip(2).data(), 1e-6f);
        Npy.writeClip(dir.resolve("one.npy"), test.clip(0), NpyType.FLOAT32, true);
        assertArrayEquals(new long[] {20, 64, 64}, NpyFile.open(dir.resolve("one.npy")).shape());
    }

    @Test
    void clipsAndBatchesBecomeTensors() throws IOException {
        assumeTrue(Backends.providers().stream().anyMatch(p -> p.name().equals("reference")),
                "the reference backend is not on this class path yet");
        Backend backend = Backends.get("reference");
        ClipSource src = Datasets.open("smmnist-1", Datasets.Split.TRAIN, 1);
        try (var loader = new BatchLoader(src, BatchLoader.Options.of(3, 1));
             Tensor t = loader.next().toTensor(backend);
             Tensor c = src.clip(1).toTensor(backend)) {
            assertArrayEquals(new int[] {3, 20, 1, 64, 64}, t.shape().dims());
            assertArrayEquals(src.clip(1).data(), c.toFloatArray());
            Clip back = Clip.of(c);
            assertEquals(src.clip(1).toString(), back.toString());
            assertArrayEquals(src.clip(1).data(), back.data());
        }
    }
}
